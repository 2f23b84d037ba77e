using DumpFramework.Hardware.Ide;
using static DumpFramework.Hardware.Tests.Ide.IdeRig;

namespace DumpFramework.Hardware.Tests.Ide;

[TestClass]
public sealed class IdePioTests
{
    [TestMethod]
    public void Write_sectors_then_read_sectors_round_trip_with_drq_per_sector()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 1 });
        var data = Pattern(3 * 512, 1);
        rig.Lba28(100, 3);
        rig.Issue(0x30);
        Assert.AreEqual(Bsy, rig.AltStatus & Bsy);
        Assert.AreEqual(Drq, rig.AltStatus & Drq);
        Assert.IsFalse(rig.Controller.InterruptAsserted, "no interrupt for the first data-out block");
        rig.WriteBlock(data.AsSpan(0, 512));
        Assert.AreEqual(Bsy, rig.AltStatus & Bsy, "busy committing the block");
        Assert.AreEqual(Drq, rig.AltStatus & Drq);
        Assert.IsTrue(rig.Controller.InterruptAsserted, "INTRQ with DRQ for the next block");
        rig.WriteBlock(data.AsSpan(512, 512));
        rig.PioOut(data[1024..], 512);
        Assert.AreEqual(0x50, rig.WaitNotBusy());
        CollectionAssert.AreEqual(data, rig.ReadImage(100 * 512, data.Length));

        rig.Lba28(100, 3);
        rig.Issue(0x20);
        var read = rig.PioIn(data.Length, 512);
        Assert.AreEqual(0x50, rig.WaitNotBusy());
        CollectionAssert.AreEqual(data, read);
        Assert.AreEqual(0, rig.Command.Read16(0), "data reads after the last block move nothing");
    }

    [TestMethod]
    public void Read_sectors_raises_intrq_for_every_block_and_not_after_the_last()
    {
        using var rig = new IdeRig();
        rig.Lba28(0, 2);
        rig.Issue(0x20);
        Assert.IsTrue(rig.Controller.InterruptAsserted);
        Assert.AreEqual(0x58, rig.Status);
        var block = new byte[512];
        rig.ReadBlock(block);
        Assert.IsTrue(rig.Controller.InterruptAsserted, "second block");
        Assert.AreEqual(0x58, rig.Status);
        rig.ReadBlock(block);
        Assert.IsFalse(rig.Controller.InterruptAsserted);
        Assert.AreEqual(0x50, rig.Status);
    }

    [TestMethod]
    public void Thirty_two_bit_data_access_moves_four_bytes()
    {
        using var rig = new IdeRig();
        var data = Pattern(1024, 2);
        rig.Lba28(7, 2);
        rig.Issue(0x30);
        for (int i = 0; i < data.Length; i += 4)
        {
            rig.Command.Write32(0, BitConverter.ToUInt32(data, i));
        }

        Assert.AreEqual(0x50, rig.Status);
        rig.Lba28(7, 2);
        rig.Issue(0x20);
        var read = new byte[1024];
        for (int i = 0; i < read.Length; i += 4)
        {
            BitConverter.TryWriteBytes(read.AsSpan(i), rig.Command.Read32(0));
        }

        CollectionAssert.AreEqual(data, read);
    }

    [TestMethod]
    public void Read_multiple_aborts_until_set_multiple_then_moves_blocks_of_that_size()
    {
        using var rig = new IdeRig();
        var data = Pattern(20 * 512, 3);
        rig.Disk.Write(40 * 512, data);
        rig.Lba28(40, 20);
        rig.Issue(0xC4);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Abrt, rig.Error);

        Assert.AreEqual(0x50, rig.NonData(0xC6, count: 8));
        rig.Lba28(40, 20);
        rig.Issue(0xC4);
        // Blocks of 8, 8 and the remaining 4 sectors.
        var read = rig.PioIn(20 * 512, 8 * 512);
        Assert.AreEqual(0x50, rig.WaitNotBusy());
        CollectionAssert.AreEqual(data, read);
        Assert.AreEqual(0x0108, Word(rig.Identify(), 59));
    }

    [TestMethod]
    public void Write_multiple_ext_commits_whole_blocks()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 2 });
        Assert.AreEqual(0x50, rig.NonData(0xC6, count: 16));
        var data = Pattern(40 * 512, 4);
        rig.Lba48(0x1234, 40);
        rig.Issue(0x39);
        rig.PioOut(data, 16 * 512);
        Assert.AreEqual(0x50, rig.WaitNotBusy());
        Assert.AreEqual(3, rig.Disk.Writes, "one medium write per DRQ block");
        CollectionAssert.AreEqual(data, rig.ReadImage(0x1234 * 512, data.Length));
        rig.Lba48(0x1234, 40);
        rig.Issue(0x29);
        CollectionAssert.AreEqual(data, rig.PioIn(data.Length, 16 * 512));
    }

    [TestMethod]
    public void Set_multiple_rejects_counts_that_are_not_powers_of_two_or_exceed_word_47()
    {
        using var rig = new IdeRig();
        Assert.AreEqual(Drdy | Err, rig.NonData(0xC6, count: 3));
        Assert.AreEqual(Abrt, rig.Error);
        Assert.AreEqual(Drdy | Err, rig.NonData(0xC6, count: 32));
        Assert.AreEqual(0x50, rig.NonData(0xC6, count: 16));
        Assert.AreEqual(0x50, rig.NonData(0xC6, count: 0), "0 turns multiple mode off");
        Assert.AreEqual(0, Word(rig.Identify(), 59));
    }

    [TestMethod]
    public void Lba28_sector_count_0_means_256_sectors()
    {
        using var rig = new IdeRig();
        var data = Pattern(256 * 512, 5);
        rig.Lba28(1000, 0);
        rig.Issue(0x30);
        rig.PioOut(data, 512);
        Assert.AreEqual(0x50, rig.WaitNotBusy());
        CollectionAssert.AreEqual(data, rig.ReadImage(1000 * 512, data.Length));
    }

    [TestMethod]
    public void Chs_addressing_reaches_the_same_sector_as_lba()
    {
        using var rig = new IdeRig();
        var data = Pattern(512, 6);
        // Cylinder 2, head 3, sector 5 on the 16-head, 63-sector geometry.
        long lba = (((2L * 16) + 3) * 63) + 4;
        rig.Disk.Write(lba * 512, data);
        rig.Command.Write8(2, 1);
        rig.Command.Write8(3, 5);
        rig.Command.Write8(4, 2);
        rig.Command.Write8(5, 0);
        rig.Command.Write8(6, 0xA3);
        rig.Issue(0x20);
        CollectionAssert.AreEqual(data, rig.PioIn(512, 512));

        // Sector 0 does not exist in CHS.
        rig.Command.Write8(3, 0);
        rig.Command.Write8(6, 0xA3);
        rig.Issue(0x20);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Idnf, rig.Error);
    }

    [TestMethod]
    public void Four_kib_logical_sectors_move_4096_bytes_per_drq_block()
    {
        using var rig = new IdeRig(size: 8L << 20, sectorSize: 4096);
        var data = Pattern(2 * 4096, 7);
        rig.Lba28(3, 2);
        rig.Issue(0x30);
        rig.PioOut(data, 4096);
        Assert.AreEqual(0x50, rig.WaitNotBusy());
        CollectionAssert.AreEqual(data, rig.ReadImage(3 * 4096, data.Length));
    }

    [TestMethod]
    public void An_uncorrectable_sector_fails_the_read_with_unc_and_the_failing_lba()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, UncorrectableSectors = new HashSet<long> { 52 } });
        rig.Lba28(50, 4);
        rig.Issue(0x20);
        var block = new byte[512];
        rig.ReadBlock(block);
        rig.ReadBlock(block);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Unc, rig.Error);
        Assert.AreEqual(52, rig.Command.Read8(3));
        Assert.AreEqual(2, rig.Command.Read8(2), "sectors not transferred");
    }

    [TestMethod]
    public void A_failing_raw_device_write_ends_in_device_fault()
    {
        using var rig = new IdeRig();
        rig.Disk.FailWrites = true;
        rig.Lba28(0, 1);
        rig.Issue(0x30);
        rig.WriteBlock(new byte[512]);
        Assert.AreEqual(Drdy | Df | Err, rig.Status);
        Assert.IsNotNull(rig.Controller.Fault);
        Assert.AreEqual(0x50, rig.NonData(0xE5), "the next command works and clears the fault");
        Assert.IsNull(rig.Controller.Fault);
    }

    [TestMethod]
    public void A_failing_raw_device_read_ends_in_unc()
    {
        using var rig = new IdeRig();
        rig.Disk.FailReads = true;
        rig.Lba28(9, 1);
        rig.Issue(0x20);
        Assert.AreEqual(Drdy | Err, rig.Status);
        Assert.AreEqual(Unc, rig.Error);
        Assert.AreEqual(9, rig.Command.Read8(3));
    }
}
