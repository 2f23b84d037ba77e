using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Tests.BlockDevices;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>A dump onto a real Linux block device (a loop device, opened with O_DIRECT) through the SCSI stack.</summary>
[TestClass]
public sealed class BlockDeviceDumpTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    public void A_dump_onto_a_loop_device_reads_back_identical()
    {
        using var files = new StackFiles("loopdev");
        string image = Path.Combine(files.Folder, "backing.img");
        using (var backing = File.Create(image))
        {
            backing.SetLength(64 * MiB);
        }

        using var loop = LoopDevice.TryAttach(image, readOnly: false, out string reason);
        if (loop is null)
        {
            Assert.Inconclusive("no loop device: " + reason);
            return;
        }

        string manifest = Path.Combine(files.Folder, "stack.yaml");
        File.WriteAllText(manifest, $"""
            stack: loop
            port: diskdump
            miniport: LSI_SAS
            hardware:
              controller: lsi-sas1068
              disks:
                - {"{"}target: 0, image: {loop.Path}{"}"}
            dump: {"{"}offset: 1 MiB, length: 48 MiB, format: raw{"}"}
            """);
        var runs = new Abstractions.Hardware.PhysicalRange[] { new(0x100000, 24 * MiB), new(0x4000000, 8 * MiB) };
        using var memory = new SyntheticMemory(runs, 41);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(runs, 41));
        Assert.IsTrue(result.Succeeded, result.Error);

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch);

        // The bytes reached the backing file through the block device, not a page cache of our own.
        var head = new byte[4096];
        var expected = new byte[4096];
        using (var backing = File.OpenRead(image))
        {
            backing.Position = MiB;
            backing.ReadExactly(head);
        }

        Assert.IsTrue(memory.TryRead(0x100000, expected));
        CollectionAssert.AreEqual(expected, head);
    }
}
