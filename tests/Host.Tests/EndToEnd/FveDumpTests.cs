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
