using System.Buffers.Binary;
using DumpFramework.Host.Cli;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Robustness;

/// <summary>
/// <c>verify</c> calls a dump valid only when it is a dump of the given memory (the same pages, not a part of them)
/// and its header is one Windows could have written (dump-format reference §3: MajorVersion 0xF or 0xC, a build
/// number, at least one processor, AMD64, a known DumpType, RequiredDumpSpace within the file).
/// </summary>
[TestClass]
public sealed class StrictVerifyTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("full")]
    [DataRow("bitmap")]
    public void A_dump_checked_against_memory_of_another_size_is_not_valid(string format)
    {
        using var files = new StackFiles("verify-size-" + format);
        string dump = Extracted(files, "8 MiB", format);
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("verify", dump, "--synthetic-memory", "8 MiB").ExitCode, "the dump of 8 MiB against its own memory");

        var larger = CliRun.Invoke("verify", dump, "--synthetic-memory", "16 MiB");
        Assert.AreEqual(ExitCodes.OperationFailed, larger.ExitCode, larger.Output + larger.Error);
        StringAssert.Contains(larger.Error, "memory pages are not in the dump");
        StringAssert.Contains(larger.Error, "the memory has 0x1000 (16 MiB)");
        StringAssert.Contains(larger.Output, "NOT valid");

        var smaller = CliRun.Invoke("verify", dump, "--synthetic-memory", "4 MiB");
        Assert.AreEqual(ExitCodes.OperationFailed, smaller.ExitCode, smaller.Output + smaller.Error);
        StringAssert.Contains(smaller.Error, "stored pages lie outside the memory");
    }

    [TestMethod]
    [DataRow(DumpHeader64Offsets.MajorVersion, 0u, "MajorVersion is 0x0")]
    [DataRow(DumpHeader64Offsets.MajorVersion, 0xEu, "MajorVersion is 0xE")]
    [DataRow(DumpHeader64Offsets.MinorVersion, 0u, "MinorVersion is 0x0")]
    [DataRow(DumpHeader64Offsets.MinorVersion, 0x45474150u, "MinorVersion is 0x45474150")]
    [DataRow(DumpHeader64Offsets.NumberProcessors, 0u, "NumberProcessors is 0")]
    [DataRow(DumpHeader64Offsets.NumberProcessors, 0x45474150u, "NumberProcessors still holds the 'PAGE' fill")]
    [DataRow(DumpHeader64Offsets.MachineImageType, 0x14Cu, "MachineImageType is 0x14C")]
    [DataRow(DumpHeader64Offsets.DumpType, 2u, "DumpType 2 is not")]
    public void A_header_field_no_Windows_writes_makes_the_dump_not_valid(int offset, uint value, string message)
    {
        using var files = new StackFiles("verify-header");
        string dump = Extracted(files, "4 MiB", "full");
        Patch(dump, offset, value);
        var (code, text, error) = CliRun.Invoke("verify", dump);
        Assert.AreEqual(ExitCodes.OperationFailed, code, text + error);
        StringAssert.Contains(error, message);
        StringAssert.Contains(text, "NOT valid");
    }

    [TestMethod]
    public void A_checked_build_s_major_version_is_accepted()
    {
        using var files = new StackFiles("verify-checked");
        string dump = Extracted(files, "4 MiB", "full");
        Patch(dump, DumpHeader64Offsets.MajorVersion, 0xC);
        var (code, text, error) = CliRun.Invoke("verify", dump, "--synthetic-memory", "4 MiB");
        Assert.AreEqual(ExitCodes.Success, code, text + error);
    }

    [TestMethod]
    public void RequiredDumpSpace_beyond_the_file_makes_the_dump_not_valid()
    {
        using var files = new StackFiles("verify-required");
        string dump = Extracted(files, "4 MiB", "full");
        long length = new FileInfo(dump).Length;
        using (var file = new FileStream(dump, FileMode.Open, FileAccess.ReadWrite))
        {
            file.SetLength(length - 4096);
        }

        var (code, text, error) = CliRun.Invoke("verify", dump);
        Assert.AreEqual(ExitCodes.OperationFailed, code, text + error);
        StringAssert.Contains(error, "Truncated dump: RequiredDumpSpace");
    }

    private static void Patch(string path, int offset, uint value)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        file.Position = offset;
        file.Write(bytes);
    }

    private static string Extracted(StackFiles files, string memory, string format)
    {
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        var dump = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", memory, "--format", format);
        Assert.AreEqual(ExitCodes.Success, dump.ExitCode, dump.Output + dump.Error);
        string output = Path.Combine(files.Folder, "MEMORY.DMP");
        var extract = CliRun.Invoke("extract", "-m", manifest, "-o", output);
        Assert.AreEqual(ExitCodes.Success, extract.ExitCode, extract.Output + extract.Error);
        return output;
    }
}
