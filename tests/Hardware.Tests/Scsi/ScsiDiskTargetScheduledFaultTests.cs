using System.Buffers.Binary;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Faults;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Scsi;

/// <summary>Manifest faults (<c>hardware.disks[].faults</c>) and sector geometry on the SCSI disk.</summary>
[TestClass]
public sealed class ScsiDiskTargetScheduledFaultTests
{
    private static readonly byte[] Block = new byte[512];

    [TestMethod]
    public void Busy_and_queue_full_hit_consecutive_commands_from_the_nth_and_do_nothing()
    {
        using var disk = Disk(new DiskFault(DiskFaultKind.Busy, 2) { CommandNumber = 2 }, new DiskFault(DiskFaultKind.QueueFull) { CommandNumber = 4 });
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 5, 1), Block));
        Assert.AreEqual(ScsiStatus.Busy, disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 6, 1), Block).Status);
        Assert.AreEqual(ScsiStatus.Busy, disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)).Status);
        Assert.AreEqual(ScsiStatus.TaskSetFull, disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 6, 1), Block).Status);
        Assert.AreEqual(1, disk.Device.Writes, "a BUSY or QUEUE FULL command writes nothing");
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 6, 1), Block));
    }

    [TestMethod]
    public void Not_ready_answers_becoming_ready_for_count_commands_then_the_unit_is_ready()
    {
        using var disk = Disk(new DiskFault(DiskFaultKind.NotReady, 3) { CommandNumber = 1 });
        for (int i = 0; i < 3; i++)
        {
            ScsiDisk.AssertSense(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)), SenseKey.NotReady, 0x04, 0x01);
        }

        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
    }

    [TestMethod]
    public void A_medium_error_hits_commands_touching_its_lba_range_and_names_the_first_bad_block()
    {
        using var disk = Disk(new DiskFault(DiskFaultKind.MediumError, 2) { Lbas = (100, 109) });
        ScsiDisk.AssertGood(disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 90, 10), new byte[5120]));
        var write = disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 96, 8), new byte[4096]);
        ScsiDisk.AssertSense(write, SenseKey.MediumError, 0x0C, 0x00);
        Assert.AreEqual(100u, BinaryPrimitives.ReadUInt32BigEndian(write.Sense.Span[3..]), "the information field names LBA 100");
        Assert.AreEqual(0x80, write.Sense.Span[0] & 0x80, "VALID");
        var (read, _) = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 109, 1), 512);
        ScsiDisk.AssertSense(read, SenseKey.MediumError, 0x11, 0x00);
        Assert.AreEqual(109u, BinaryPrimitives.ReadUInt32BigEndian(read.Sense.Span[3..]));
        ScsiDisk.AssertGood(disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 100, 10), 5120).Result);
    }

    [TestMethod]
    public void A_recovered_error_is_reported_after_the_work_is_done()
    {
        using var disk = Disk(new DiskFault(DiskFaultKind.RecoveredError) { Lbas = (7, 7) });
        var data = new byte[512];
        data[0] = 0xA5;
        var write = disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 7, 1), data);
        ScsiDisk.AssertSense(write, SenseKey.RecoveredError, 0x0C, 0x01);
        Assert.AreEqual(512L, write.TransferredBytes);
        var (read, bytes) = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 7, 1), 512);
        ScsiDisk.AssertGood(read);
        Assert.AreEqual(0xA5, bytes[0], "the write was done");
    }

    [TestMethod]
    public void A_pending_unit_attention_comes_before_a_fault_and_every_command_counts()
    {
        using var disk = new ScsiDisk(unitAttention: true, options: new ScsiDiskTargetOptions { Faults = [new DiskFault(DiskFaultKind.Busy) { CommandNumber = 2 }] });
        ScsiDisk.AssertSense(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)), SenseKey.UnitAttention, 0x29, 0x00);
        Assert.AreEqual(ScsiStatus.Busy, disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)).Status);
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
    }

    [TestMethod]
    [DataRow(512, 512, 0)]
    [DataRow(512, 4096, 3)]
    [DataRow(4096, 4096, 0)]
    public void Read_capacity_16_reports_the_manifests_logical_and_physical_sector_sizes(int logical, int physical, int exponent)
    {
        using var disk = new ScsiDisk(size: 64L << 20, blockSize: logical, options: new ScsiDiskTargetOptions { PhysicalBlockSize = physical });
        var (result, data) = disk.In(Cdb.ReadCapacity16(), 32);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual((ulong)((64L << 20) / logical) - 1, BinaryPrimitives.ReadUInt64BigEndian(data));
        Assert.AreEqual((uint)logical, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8)));
        Assert.AreEqual(exponent, data[13] & 0x0F);
    }

    [TestMethod]
    public void Inconsistent_faults_are_refused()
    {
        Assert.IsNotNull(new DiskFault(DiskFaultKind.Busy).Check());
        Assert.IsNotNull(new DiskFault(DiskFaultKind.Busy, 0) { CommandNumber = 1 }.Check());
        Assert.IsNotNull(new DiskFault(DiskFaultKind.Busy) { CommandNumber = 1, Lbas = (1, 2) }.Check());
        Assert.IsNotNull(new DiskFault(DiskFaultKind.Busy) { Lbas = (5, 2) }.Check());
        Assert.ThrowsExactly<ArgumentException>(() => new DiskFaultSchedule([new DiskFault(DiskFaultKind.Busy)]));
    }

    private static ScsiDisk Disk(params DiskFault[] faults) => new(options: new ScsiDiskTargetOptions { Faults = faults });
}
