using System.Globalization;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>
/// A crash dump whose region lies past 2 TiB (512-byte LBAs above 2^32) on every stack that can address it: SCSI
/// through READ/WRITE (16), ATA through the 48-bit EXT commands with LBA bits 32-47 in the HOB registers. The disk is a
/// sparse image; the dump is extracted back through the stack and verified page by page, and the sectors a truncated
/// LBA would land on must stay empty.
/// </summary>
[TestClass]
public sealed class RegionBeyond2TiBTests
{
    private const long MiB = 1L << 20;
    private const long Sector = 512;

    // LBA 2^32 + 2^28 + 2^24 + 2048: truncated to 32, 28 (an LBA28 command) or 24 bits (the HOB bytes never written)
    // it lands on three different sectors, each of which must stay empty.
    private const long RegionSector = (1L << 32) + (1L << 28) + (1L << 24) + 2048;
    private const long RegionOffset = RegionSector * Sector;
    private const long DiskSize = RegionOffset + (64 * MiB);

    [TestMethod]
    [DataRow("diskdump", "LSI_SAS", "lsi-sas1068")]
    [DataRow("diskdump", "pvscsi", "pvscsi")]
    [DataRow("dumpata", "{name: atapi, settings: {transfer_mode: dma}}", "piix-ide")]
    [DataRow("dumpata", "{name: atapi, settings: {transfer_mode: pio-multiple}}", "piix-ide")]
    [DataRow("dumpata", "{name: atapi, settings: {transfer_mode: pio}}", "piix-ide")]
    public void A_crash_dump_past_2_TiB_lands_at_its_lbas_and_extracts_and_verifies(string port, string miniport, string controller)
    {
        using var files = new StackFiles("beyond-2tib");
        string manifest = files.Manifest(port, miniport, controller, DiskSize, RegionOffset, 40 * MiB);

        var dump = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "16 MiB", "--seed", "7");
        Assert.AreEqual(ExitCodes.Success, dump.ExitCode, dump.Output + dump.Error);

        // The header sits in the image where LBA 2^32 + ... says, and nothing where a truncated LBA would put it.
        Assert.AreEqual("PAGEDU64", System.Text.Encoding.ASCII.GetString(ReadImage(files.Disk(), RegionOffset, 8)));
        AssertAliasesEmpty(files.Disk(), 16 * MiB);

        string extracted = Path.Combine(files.Folder, "MEMORY.DMP");
        var extract = CliRun.Invoke("extract", "-m", manifest, "-o", extracted);
        Assert.AreEqual(ExitCodes.Success, extract.ExitCode, extract.Output + extract.Error);
        var verify = CliRun.Invoke("verify", extracted, "--synthetic-memory", "16 MiB", "--seed", "7");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
    }

    [TestMethod]
    public void Through_dumpfve_the_region_past_2_TiB_is_ciphertext_and_extracts_and_verifies()
    {
        using var files = new StackFiles("beyond-2tib-fve");
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210");
        string filters = "filters: [{name: dumpfve, settings: {key_file: fvek.hex, volume_offset: 1 MiB}}]";
        string manifest = files.Manifest("diskdump", "pvscsi", "pvscsi", DiskSize, RegionOffset, 40 * MiB, filters);

        var dump = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "16 MiB", "--seed", "7");
        Assert.AreEqual(ExitCodes.Success, dump.ExitCode, dump.Output + dump.Error);
        byte[] header = ReadImage(files.Disk(), RegionOffset, 512);
        Assert.IsTrue(header.AsSpan().ContainsAnyExcept((byte)0), "nothing was written past 2 TiB");
        Assert.AreNotEqual("PAGEDU64", System.Text.Encoding.ASCII.GetString(header, 0, 8), "the header is plaintext on the disk");
        AssertAliasesEmpty(files.Disk(), 16 * MiB);

        string extracted = Path.Combine(files.Folder, "MEMORY.DMP");
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("extract", "-m", manifest, "-o", extracted).ExitCode);
        var verify = CliRun.Invoke("verify", extracted, "--synthetic-memory", "16 MiB", "--seed", "7");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
    }

    [TestMethod]
    public void The_bt958_cannot_carry_16_byte_cdbs_and_fails_the_dump_at_open_saying_so()
    {
        // A BT-958 CCB holds a 12-byte CDB: neither READ CAPACITY (16) nor WRITE (16) reaches the disk.
        using var files = new StackFiles("beyond-2tib-bt958");
        string manifest = files.Manifest("diskdump", "vmscsi", "buslogic-bt958", DiskSize, RegionOffset, 40 * MiB);

        var dump = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "16 MiB", "--seed", "7");

        Assert.AreEqual(ExitCodes.OperationFailed, dump.ExitCode, dump.Output + dump.Error);
        StringAssert.Contains(dump.Output + dump.Error, "READ CAPACITY(16) failed: SRB_STATUS_INVALID_REQUEST");
        Assert.IsFalse(ReadImage(files.Disk(), RegionOffset, 4096).AsSpan().ContainsAnyExcept((byte)0), "nothing may be written");
    }

    private static void AssertAliasesEmpty(string disk, long length)
    {
        foreach (int bits in new[] { 32, 28, 24 })
        {
            long alias = (RegionSector & ((1L << bits) - 1)) * Sector;
            byte[] bytes = ReadImage(disk, alias, (int)length);
            int written = bytes.AsSpan().IndexOfAnyExcept((byte)0);
            Assert.AreEqual(-1, written, string.Create(CultureInfo.InvariantCulture, $"the dump also wrote at byte {alias + written}, where its LBAs land truncated to {bits} bits"));
        }
    }

    private static byte[] ReadImage(string path, long offset, int length)
    {
        byte[] bytes = new byte[length];
        using var image = File.OpenRead(path);
        image.Position = offset;
        image.ReadExactly(bytes);
        return bytes;
    }
}
