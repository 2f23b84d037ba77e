using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>dump_dumpfve on a real stack: ciphertext on the disk, plaintext through the read direction.</summary>
[TestClass]
public sealed class FveDumpTests
{
    private const long MiB = 1 << 20;
    private const string Key128 = "4d9f7a2c11e05b3896a1c7f0e23d5b6a08f1e2d3c4b5a69788796a5b4c3d2e1f";
    private const string Key256 = "0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f0123456789abcdeffedcba9876543210";
    private static readonly PhysicalRange[] Runs = [new(0x1000, 0x9E000), new(0x100000, 8 * MiB), new(0x1000000, 4 * MiB)];

    [TestMethod]
    [DataRow("diskdump", "LSI_SAS", "lsi-sas1068", Key128)]
    [DataRow("diskdump", "LSI_SAS", "lsi-sas1068", Key256)]
    public void A_dump_through_dumpfve_is_ciphertext_on_disk_and_plaintext_on_read_back(string port, string miniport, string controller, string key)
    {
        using var files = new StackFiles("fve-e2e");
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), key + "\n");
        string filters = "filters: [{name: dumpfve, settings: {key_file: fvek.hex, volume_offset: 1 MiB}}]";
        string manifest = files.Manifest(port, miniport, controller, 32 * MiB, 2 * MiB, 16 * MiB, filters);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, 9));
        Assert.IsTrue(result.Succeeded, result.Error);

        using var memory = new SyntheticMemory(Runs, 9);
        long length = Runs.Sum(r => (long)r.Length);
        AssertNoPlaintextBlock(files.Disk(), 2 * MiB, length, memory);

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"plaintext differs at dump offset {mismatch}");
    }

    [TestMethod]
    public void Reading_with_a_wrong_key_returns_garbage_not_the_plaintext()
    {
        using var files = new StackFiles("fve-wrongkey");
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), Key128);
        string filters = "filters: [{name: dumpfve, settings: {key_file: fvek.hex}}]";
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 32 * MiB, 2 * MiB, 16 * MiB, filters);
        Assert.IsTrue(Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, 9)).Succeeded);

        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), Key128.Replace('4', '5'));
        using var memory = new SyntheticMemory(Runs, 9);
        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.AreEqual(0L, mismatch, "a wrong key must not give back the plaintext");
    }

    [TestMethod]
    [DataRow(4096, 4096)]
    [DataRow(512, 4096)]
    [DataRow(512, 512)]
    public void A_crash_dump_through_the_fve_stack_decrypts_with_an_independent_xts_in_units_of_the_disk_sector(int sectorSize, int physicalSectorSize)
    {
        // stacks/lsi-sas-fve.yaml with its own disk (4Kn, 512e or 512n) and the dump at 3 MiB, 2 MiB into the volume.
        using var files = new StackFiles("fve-sector");
        string manifest = FveStackVariant(files, sectorSize, physicalSectorSize, regionOffset: 3 * MiB, regionLength: 20 * MiB);
        var dump = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "16 MiB", "--seed", "5");
        Assert.AreEqual(0, dump.ExitCode, dump.Output + dump.Error);

        // The region as it is on the disk, decrypted by the tests' own XTS-AES: data unit = one sector, numbered from
        // the volume at 1 MiB.
        byte[] ciphertext = new byte[20 * MiB];
        using (var image = File.OpenRead(files.Disk()))
        {
            image.Position = 3 * MiB;
            image.ReadExactly(ciphertext);
        }

        byte[] key = Convert.FromHexString(File.ReadAllText(Path.Combine(files.Folder, "keys", "fvek-xts128.hex")).Trim());
        using var xts = new Filters.TestSupport.ReferenceXtsAes(key, sectorSize);
        byte[] plaintext = xts.Decrypt(ciphertext, (ulong)(2 * MiB / sectorSize));
        Assert.AreEqual("PAGEDU64", System.Text.Encoding.ASCII.GetString(plaintext, 0, 8), "the decrypted region does not start with a dump header");
        Assert.AreNotEqual("PAGEDU64", System.Text.Encoding.ASCII.GetString(ciphertext, 0, 8), "the header is plaintext on the disk");
        string decrypted = Path.Combine(files.Folder, "decrypted.dmp");
        File.WriteAllBytes(decrypted, plaintext);
        var verify = CliRun.Invoke("verify", decrypted, "--synthetic-memory", "16 MiB", "--seed", "5");
        Assert.AreEqual(0, verify.ExitCode, verify.Output + verify.Error);

        // And the stack's own read direction (dumpfve's DumpRead) gives the same bytes.
        string extracted = Path.Combine(files.Folder, "MEMORY.DMP");
        var extract = CliRun.Invoke("extract", "-m", manifest, "-o", extracted);
        Assert.AreEqual(0, extract.ExitCode, extract.Output + extract.Error);
        byte[] fromStack = File.ReadAllBytes(extracted);
        Assert.IsTrue(fromStack.AsSpan().SequenceEqual(plaintext.AsSpan(0, fromStack.Length)), "extract and the independent decryption differ");
    }

    // The sample stack's manifest, with its disk in the test's folder at the given sector format and region; its key
    // file beside it as the sample has it.
    private static string FveStackVariant(StackFiles files, int sectorSize, int physicalSectorSize, long regionOffset, long regionLength)
    {
        string text = File.ReadAllText(TestPaths.Stack("lsi-sas-fve"));
        text = ReplaceOnce(text, "image: disks/lsi-sas-fve.img", "image: disk.img");
        text = ReplaceOnce(text, "size: 2 GiB", $"size: 64 MiB\n      sector_size: {sectorSize}\n      physical_sector_size: {physicalSectorSize}");
        text = ReplaceOnce(text, "offset: 1 MiB\n  length: 1 GiB", $"offset: {regionOffset}\n  length: {regionLength}");
        Directory.CreateDirectory(Path.Combine(files.Folder, "keys"));
        File.Copy(Path.Combine(Path.GetDirectoryName(TestPaths.Stack("lsi-sas-fve"))!, "keys", "fvek-xts128.hex"), Path.Combine(files.Folder, "keys", "fvek-xts128.hex"));
        string path = Path.Combine(files.Folder, "lsi-sas-fve.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static string ReplaceOnce(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.IsTrue(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"stacks/lsi-sas-fve.yaml no longer has exactly one '{from}'");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    // Every aligned 16-byte block of the written region is checked against every aligned block of the source memory
    // (zero pages included): ciphertext everywhere means no block survives.
    private static void AssertNoPlaintextBlock(string disk, long offset, long length, SyntheticMemory memory)
    {
        var blocks = new HashSet<UInt128>();
        var page = new byte[4096];
        foreach (var run in memory.Ranges)
        {
            for (ulong done = 0; done < run.Length; done += 4096)
            {
                Assert.IsTrue(memory.TryRead(run.BaseAddress + done, page));
                for (int i = 0; i < page.Length; i += 16)
                {
                    blocks.Add(BitConverter.ToUInt128(page, i));
                }
            }
        }

        using var file = File.OpenRead(disk);
        file.Position = offset;
        var buffer = new byte[1 << 20];
        for (long done = 0; done < length;)
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, length - done));
            Assert.IsTrue(read > 0);
            for (int i = 0; i < read; i += 16)
            {
                Assert.IsFalse(blocks.Contains(BitConverter.ToUInt128(buffer, i)), $"plaintext block on disk at offset {offset + done + i}");
            }

            done += read;
        }
    }
}
