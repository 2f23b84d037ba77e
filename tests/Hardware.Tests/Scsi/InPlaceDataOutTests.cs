using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Scsi;

/// <summary>Data-out from a DMA buffer goes to the medium in place (no staging copy), only for whole blocks, only from
/// host memory, and writes the same bytes as the staged path.</summary>
[TestClass]
public sealed class InPlaceDataOutTests
{
    [TestMethod]
    public void A_write_maps_whole_blocks_in_place_and_stages_the_rest()
    {
        using var disk = new ScsiDisk();
        var data = new byte[8 * 512];
        new Random(11).NextBytes(data);

        // 700 bytes mapped at a time: 512 go in place, so every block does; nothing is staged.
        var inPlace = new ByteArrayTransfer(data, ScsiDataDirection.Out, inPlaceLimit: 700);
        ScsiDisk.AssertGood(disk.Target.Execute(0, Cdb.Rw10(ScsiOpcodes.Write10, 40, 8), inPlace));
        Assert.IsGreaterThanOrEqualTo(data.Length, inPlace.InPlaceBytes, "every block mapped");
        Assert.AreEqual(0, inPlace.Calls, "no staged copy when every block is in place");

        // 300 bytes is less than a block: the target stages everything.
        var partial = new ByteArrayTransfer(data, ScsiDataDirection.Out, inPlaceLimit: 300);
        ScsiDisk.AssertGood(disk.Target.Execute(0, Cdb.Rw10(ScsiOpcodes.Write10, 80, 8), partial));
        Assert.IsGreaterThan(0, partial.Calls, "blocks that cannot be mapped whole are staged");

        var (read, back) = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 40, 8), data.Length);
        ScsiDisk.AssertGood(read);
        CollectionAssert.AreEqual(data, back, "in place");
        (read, back) = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 80, 8), data.Length);
        ScsiDisk.AssertGood(read);
        CollectionAssert.AreEqual(data, back, "staged");
    }

    [TestMethod]
    public void Segments_map_in_place_only_inside_one_dma_buffer_and_only_for_data_out()
    {
        using var space = new PhysicalAddressSpace(new SyntheticMemory(64L << 20));
        var buffer = space.AllocateBuffer(4 * 4096, 4096, below4GiB: true);
        new Random(3).NextBytes(buffer.Span);
        ulong b = buffer.PhysicalAddress;

        // As PVSCSI and BusLogic use it, and as the SAS1068 does (its DMA engine holds to the declared direction).
        var segmented = new SegmentedDataTransfer(space);
        var sgl = new SegmentedDataTransfer(space, enforceDirection: true);
        segmented.Begin(ScsiDataDirection.Out);
        sgl.Begin(ScsiDataDirection.Out);
        foreach (var (address, length) in new[] { (b, 4096L), (b + 4096, 4096L), (b + 8192, 8192L) })
        {
            segmented.Add(address, length);
            sgl.Add(address, length);
        }

        foreach (IScsiDataTransfer transfer in new IScsiDataTransfer[] { segmented, sgl })
        {
            // Physically contiguous elements are one run: the whole buffer from any offset.
            Assert.AreEqual(16384, transfer.MapForRead(0, 16384, out var all), transfer.GetType().Name);
            Assert.IsTrue(all.SequenceEqual(buffer.Span), "the buffer's own bytes");
            Assert.AreEqual(16384 - 100, transfer.MapForRead(100, 16384 - 100, out var tail));
            Assert.IsTrue(tail.SequenceEqual(buffer.Span[100..]));
            Assert.AreEqual(512, transfer.MapForRead(4000, 512, out _), "a run crossing an element boundary");
            Assert.AreEqual(0, transfer.MapForRead(16000, 1000, out _), "past the transfer: left to the staged path, which reports it");
        }

        // Only the enforcing transfer refuses to move data against the declared direction, and says so.
        Assert.IsFalse(sgl.TryWriteToInitiator(0, new byte[512]), "data-in on a data-out request");
        Assert.IsTrue(sgl.Failed);
        Assert.IsTrue(segmented.TryWriteToInitiator(0, buffer.Span[..512]), "PVSCSI and BusLogic check the direction before the command");
        Assert.IsFalse(segmented.Failed);

        // Elements that skip within the buffer, or lie in the dumped memory, stop the run or do not map.
        var gapped = new SegmentedDataTransfer(space);
        gapped.Begin(ScsiDataDirection.Out);
        gapped.Add(b, 4096);
        gapped.Add(b + 8192, 4096);
        gapped.Add(0x10_0000, 4096);
        Assert.AreEqual(4096, gapped.MapForRead(0, 12288, out _), "a gap between elements ends the run");
        Assert.AreEqual(0, gapped.MapForRead(8192, 4096, out _), "dumped memory is read from its image, never mapped");

        // Data-in never maps for read.
        var dataIn = new SegmentedDataTransfer(space);
        dataIn.Begin(ScsiDataDirection.In);
        dataIn.Add(b, 4096);
        Assert.AreEqual(0, dataIn.MapForRead(0, 4096, out _));
    }
}
