using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Scsi;

[TestClass]
public sealed class ScsiDiskTargetReadWriteTests
{
    [TestMethod]
    public void Write_10_then_read_10_round_trips_through_the_image()
    {
        using var disk = new ScsiDisk();
        var data = Random(4 * 512, 1);
        var result = disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 100, 4), data);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(2048L, result.TransferredBytes);
        var (read, readData) = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 100, 4), 2048);
        ScsiDisk.AssertGood(read);
        CollectionAssert.AreEqual(data, readData);
        CollectionAssert.AreEqual(data, ReadImage(disk, 100 * 512, 2048));
    }

    [TestMethod]
    public void Read_and_write_6_and_12_address_the_same_blocks()
    {
        using var disk = new ScsiDisk();
        var block = Random(512, 2);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw6(ScsiOpcodes.Write6, 0x1_2345, 1), block));
        var (result, data) = disk.In(Cdb.Rw12(ScsiOpcodes.Read12, 0x1_2345, 1), 512);
        ScsiDisk.AssertGood(result);
        CollectionAssert.AreEqual(block, data);

        // A transfer length of 0 in a 6-byte CDB means 256 blocks.
        var many = Random(256 * 512, 3);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw12(ScsiOpcodes.Write12, 2000, 256), many));
        (result, data) = disk.In(Cdb.Rw6(ScsiOpcodes.Read6, 2000, 0), 256 * 512);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(256L * 512, result.TransferredBytes);
        CollectionAssert.AreEqual(many, data);
    }

    [TestMethod]
    public void Sixteen_byte_cdbs_reach_lbas_beyond_2_pow_32_on_a_sparse_image()
    {
        using var disk = new ScsiDisk(size: 3L << 40);
        ulong lba = (1UL << 32) + 5;
        var data = Random(8 * 512, 4);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw16(ScsiOpcodes.Write16, lba, 8), data));
        var (result, read) = disk.In(Cdb.Rw16(ScsiOpcodes.Read16, lba, 8), data.Length);
        ScsiDisk.AssertGood(result);
        CollectionAssert.AreEqual(data, read);
        CollectionAssert.AreEqual(data, ReadImage(disk, (long)lba * 512, data.Length));
        var (low, lowData) = disk.In(Cdb.Rw16(ScsiOpcodes.Read16, 5, 8), data.Length);
        ScsiDisk.AssertGood(low);
        Assert.IsFalse(lowData.AsSpan().ContainsAnyExcept((byte)0), "the LBA did not wrap to 32 bits");
    }

    [TestMethod]
    public void Large_transfers_move_in_chunks_without_large_allocations()
    {
        using var disk = new ScsiDisk();
        var data = Random(4 << 20, 5);
        var write = new ByteArrayTransfer(data, ScsiDataDirection.Out);
        var read = new ByteArrayTransfer(new byte[data.Length], ScsiDataDirection.In);
        ScsiDisk.AssertGood(disk.Target.Execute(0, Cdb.Rw10(ScsiOpcodes.Write10, 0, (ushort)(data.Length / 512)), write));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = disk.Target.Execute(0, Cdb.Rw10(ScsiOpcodes.Read10, 0, (ushort)(data.Length / 512)), read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        ScsiDisk.AssertGood(result);
        CollectionAssert.AreEqual(data, read.Buffer);
        Assert.IsGreaterThanOrEqualTo(16, read.Calls, "256 KiB chunks");
        Assert.IsLessThan(16 * 1024L, allocated, $"{allocated} bytes allocated for a 4 MiB read");
    }

    [TestMethod]
    public void Out_of_range_lbas_are_rejected_with_the_lba()
    {
        using var disk = new ScsiDisk(size: 1L << 20);
        var result = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 2047, 2), 1024).Result;
        ScsiDisk.AssertSense(result, SenseKey.IllegalRequest, 0x21, 0x00);
        Assert.IsTrue(SenseData.TryGetInformation(result.Sense.Span, out uint information));
        Assert.AreEqual(2047u, information);
        ScsiDisk.AssertGood(disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 2047, 1), 512).Result);
        ScsiDisk.AssertSense(disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 2048, 0), 0).Result, SenseKey.IllegalRequest, 0x21, 0x00);
        ScsiDisk.AssertSense(disk.In(Cdb.Rw16(ScsiOpcodes.Read16, ulong.MaxValue - 1, 4), 2048).Result, SenseKey.IllegalRequest, 0x21, 0x00);
        ScsiDisk.AssertSense(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 4000, 1), new byte[512]), SenseKey.IllegalRequest, 0x21, 0x00);
    }

    [TestMethod]
    public void A_zero_block_transfer_inside_the_disk_does_nothing()
    {
        using var disk = new ScsiDisk();
        var result = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 10, 0), 512).Result;
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(0L, result.TransferredBytes);
        Assert.AreEqual(0, disk.Device.Reads);
    }

    [TestMethod]
    public void Validation_follows_the_sbc_rw_order()
    {
        using var disk = new ScsiDisk(size: 1L << 20, readOnly: true);

        // Protection bits come before the read-only check, which comes before the range check.
        ScsiDisk.AssertSense(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 99999, 1, flags: 0x20), new byte[512]), SenseKey.IllegalRequest, 0x24, 0x00);
        ScsiDisk.AssertSense(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 99999, 1), new byte[512]), SenseKey.DataProtect, 0x27, 0x00);
        ScsiDisk.AssertSense(disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 99999, 1, flags: 0x20), 512).Result, SenseKey.IllegalRequest, 0x24, 0x00);
        ScsiDisk.AssertSense(disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 99999, 1), 512).Result, SenseKey.IllegalRequest, 0x21, 0x00);
        ScsiDisk.AssertGood(disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 0, 1), 512).Result);
        Assert.AreEqual(0, disk.Device.Writes);
    }

    [TestMethod]
    public void A_short_read_buffer_gets_what_fits()
    {
        using var disk = new ScsiDisk();
        var result = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 0, 4), 1000).Result;
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(1000L, result.TransferredBytes);
    }

    [TestMethod]
    public void A_longer_write_buffer_is_clamped_to_the_transfer_length()
    {
        using var disk = new ScsiDisk();
        var data = Random(1024, 6);
        var result = disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 10, 1), data);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(512L, result.TransferredBytes);
        CollectionAssert.AreEqual(data[..512], ReadImage(disk, 10 * 512, 512));
        CollectionAssert.AreEqual(new byte[512], ReadImage(disk, 11 * 512, 512));
    }

    [TestMethod]
    public void A_write_buffer_shorter_than_the_transfer_writes_nothing()
    {
        using var disk = new ScsiDisk();
        var result = disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 10, 4), Random(1024, 7));
        ScsiDisk.AssertSense(result, SenseKey.AbortedCommand, 0x4B, 0x00);
        Assert.AreEqual(0, disk.Device.Writes);
    }

    [TestMethod]
    public void Dma_failures_stop_the_transfer_and_are_flagged()
    {
        using var disk = new ScsiDisk();
        var read = new ByteArrayTransfer(new byte[1024 * 1024], ScsiDataDirection.In, failAtOffset: 300 * 1024);
        var result = disk.Target.Execute(0, Cdb.Rw10(ScsiOpcodes.Read10, 0, 2048), read);
        Assert.IsTrue(result.DataTransferFailed);
        Assert.AreEqual(256L * 1024, result.TransferredBytes, "the first chunk went through");

        var write = new ByteArrayTransfer(Random(256 * 1024, 8), ScsiDataDirection.Out, failAtOffset: 0);
        result = disk.Target.Execute(0, Cdb.Rw10(ScsiOpcodes.Write10, 0, 512), write);
        Assert.IsTrue(result.DataTransferFailed);
        Assert.AreEqual(0L, result.TransferredBytes);
        Assert.AreEqual(0, disk.Device.Writes);
    }

    [TestMethod]
    public void Raw_device_errors_become_medium_errors()
    {
        using var disk = new ScsiDisk();
        disk.Device.FailReads = true;
        var result = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 77, 1), 512).Result;
        ScsiDisk.AssertSense(result, SenseKey.MediumError, 0x11, 0x00);
        Assert.IsTrue(SenseData.TryGetInformation(result.Sense.Span, out uint lba));
        Assert.AreEqual(77u, lba);
        disk.Device.FailWrites = true;
        ScsiDisk.AssertSense(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 78, 1), new byte[512]), SenseKey.MediumError, 0x0C, 0x00);
        disk.Device.FailWrites = false;
        disk.Device.FailFlush = true;
        ScsiDisk.AssertSense(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 78, 1, flags: 0x08), new byte[512]), SenseKey.MediumError, 0x0C, 0x00);
        ScsiDisk.AssertSense(disk.None(Cdb.Rw10(ScsiOpcodes.SynchronizeCache10, 0, 0)), SenseKey.MediumError, 0x0C, 0x00);
    }

    [TestMethod]
    public void Fua_writes_flush_and_cached_writes_do_not()
    {
        using var disk = new ScsiDisk();
        Assert.IsTrue(disk.Target.WriteCacheEnabled);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 0, 1), new byte[512]));
        Assert.AreEqual(0, disk.Device.Flushes);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 0, 1, flags: 0x08), new byte[512]));
        Assert.AreEqual(1, disk.Device.Flushes);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw16(ScsiOpcodes.Write16, 0, 1, flags: 0x08), new byte[512]));
        Assert.AreEqual(2, disk.Device.Flushes);
    }

    [TestMethod]
    public void With_the_write_cache_disabled_every_write_flushes()
    {
        using var disk = new ScsiDisk(options: new ScsiDiskTargetOptions { WriteCacheEnabled = false });
        Assert.IsFalse(disk.Target.WriteCacheEnabled);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 0, 1), new byte[512]));
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw6(ScsiOpcodes.Write6, 1, 1), new byte[512]));
        Assert.AreEqual(2, disk.Device.Flushes);
    }

    [TestMethod]
    public void Synchronize_cache_flushes_the_raw_device()
    {
        using var disk = new ScsiDisk(size: 1L << 20);
        ScsiDisk.AssertGood(disk.None(Cdb.Rw10(ScsiOpcodes.SynchronizeCache10, 0, 0)));
        ScsiDisk.AssertGood(disk.None(Cdb.Rw16(ScsiOpcodes.SynchronizeCache16, 100, 10, flags: 0x02)));
        Assert.AreEqual(2, disk.Device.Flushes);
        ScsiDisk.AssertSense(disk.None(Cdb.Rw10(ScsiOpcodes.SynchronizeCache10, 5000, 0)), SenseKey.IllegalRequest, 0x21, 0x00);
        Assert.AreEqual(2, disk.Device.Flushes);
    }

    [TestMethod]
    public void Verify_without_byte_check_does_no_io_and_with_it_compares()
    {
        using var disk = new ScsiDisk(size: 1L << 20);
        var data = Random(3 * 512, 9);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 20, 3), data));
        int reads = disk.Device.Reads;
        ScsiDisk.AssertGood(disk.None(Cdb.Rw10(ScsiOpcodes.Verify10, 20, 3)));
        Assert.AreEqual(reads, disk.Device.Reads);
        ScsiDisk.AssertSense(disk.None(Cdb.Rw16(ScsiOpcodes.Verify16, 2048, 1)), SenseKey.IllegalRequest, 0x21, 0x00);

        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Verify10, 20, 3, flags: 0x02), data));
        var changed = (byte[])data.Clone();
        changed[700] ^= 1;
        var result = disk.Out(Cdb.Rw16(ScsiOpcodes.Verify16, 20, 3, flags: 0x02), changed);
        ScsiDisk.AssertSense(result, SenseKey.Miscompare, 0x1D, 0x00);
        Assert.IsTrue(SenseData.TryGetInformation(result.Sense.Span, out uint offset));
        Assert.AreEqual(700u, offset);
        ScsiDisk.AssertSense(disk.Out(Cdb.Rw10(ScsiOpcodes.Verify10, 20, 3, flags: 0x04), data), SenseKey.IllegalRequest, 0x24, 0x00);
    }

    [TestMethod]
    public void A_4096_byte_block_disk_uses_its_block_size()
    {
        using var disk = new ScsiDisk(size: 1L << 20, blockSize: 4096);
        var data = Random(4096, 10);
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 3, 1), data));
        CollectionAssert.AreEqual(data, ReadImage(disk, 3 * 4096, 4096));
        var (result, capacity) = disk.In(Cdb.ReadCapacity16(), 32);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(0, capacity[13]);
        Assert.AreEqual(255UL, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(capacity));
    }

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static byte[] ReadImage(ScsiDisk disk, long offset, int length)
    {
        using var file = new FileStream(disk.ImagePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Position = offset;
        var data = new byte[length];
        file.ReadExactly(data);
        return data;
    }
}
