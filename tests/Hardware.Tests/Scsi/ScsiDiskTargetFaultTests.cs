using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Scsi;

[TestClass]
public sealed class ScsiDiskTargetFaultTests
{
    [TestMethod]
    public void Busy_count_answers_busy_then_recovers()
    {
        using var disk = new ScsiDisk(options: new ScsiDiskTargetOptions { BusyCount = 2 });
        var first = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 0, 1), 512).Result;
        Assert.AreEqual(ScsiStatus.Busy, first.Status);
        Assert.AreEqual(0L, first.TransferredBytes);
        Assert.IsTrue(first.Sense.IsEmpty);
        Assert.AreEqual(ScsiStatus.Busy, disk.In(Cdb.Inquiry(), 96).Result.Status);
        Assert.AreEqual(0, disk.Target.Options.BusyCount);
        ScsiDisk.AssertGood(disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 0, 1), 512).Result);
        Assert.AreEqual(1, disk.Device.Reads);
    }

    [TestMethod]
    public void Unit_attention_count_spares_inquiry_and_report_luns()
    {
        var options = new ScsiDiskTargetOptions { UnitAttentionCount = 1 };
        using var disk = new ScsiDisk(options: options);
        ScsiDisk.AssertGood(disk.In(Cdb.Inquiry(), 96).Result);
        ScsiDisk.AssertGood(disk.In(Cdb.ReportLuns(16), 16).Result);
        Assert.AreEqual(1, options.UnitAttentionCount);
        ScsiDisk.AssertSense(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)), SenseKey.UnitAttention, 0x29, 0x00);
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));

        options.UnitAttentionCount = 1;
        var write = disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 0, 1), new byte[512]);
        ScsiDisk.AssertSense(write, SenseKey.UnitAttention, 0x29, 0x00);
        Assert.AreEqual(0, disk.Device.Writes, "the command was not executed");
    }

    [TestMethod]
    public void Request_sense_receives_a_unit_attention_as_data_and_clears_it()
    {
        using var disk = new ScsiDisk(options: new ScsiDiskTargetOptions { UnitAttentionCount = 1 });
        var (result, data) = disk.In(Cdb.Six(ScsiOpcodes.RequestSense, byte4: 18), 18);
        ScsiDisk.AssertGood(result);
        Assert.AreEqual(SenseKey.UnitAttention, SenseData.GetSenseKey(data));
        Assert.AreEqual(0x29, SenseData.GetAdditionalSenseCode(data));
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
    }

    [TestMethod]
    public void Power_on_and_every_reset_raise_a_unit_attention_unless_turned_off()
    {
        Assert.IsTrue(new ScsiDiskTargetOptions().UnitAttentionOnReset, "on by default, as on every real disk");
        using var quiet = new ScsiDisk(unitAttention: false);
        quiet.Target.Reset();
        ScsiDisk.AssertGood(quiet.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));

        using var disk = new ScsiDisk(unitAttention: true);
        ScsiDisk.AssertGood(disk.In(Cdb.Inquiry(allocation: 36), 36).Result);
        ScsiDisk.AssertSense(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)), SenseKey.UnitAttention, 0x29, 0x00);
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
        disk.Target.Reset();
        disk.Target.Reset();
        ScsiDisk.AssertSense(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)), SenseKey.UnitAttention, 0x29, 0x00);
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
    }

    [TestMethod]
    public void Not_ready_becoming_ready_delays_media_commands()
    {
        var options = new ScsiDiskTargetOptions { NotReadyBecomingReadyCount = 2 };
        using var disk = new ScsiDisk(options: options);
        ScsiDisk.AssertGood(disk.In(Cdb.Inquiry(), 96).Result);
        ScsiDisk.AssertSense(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)), SenseKey.NotReady, 0x04, 0x01);
        ScsiDisk.AssertSense(disk.In(Cdb.ReadCapacity10(), 8).Result, SenseKey.NotReady, 0x04, 0x01);
        Assert.AreEqual(0, options.NotReadyBecomingReadyCount);
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
    }

    [TestMethod]
    public void Recovered_errors_still_move_the_data()
    {
        var options = new ScsiDiskTargetOptions { RecoveredErrorCount = 2 };
        using var disk = new ScsiDisk(options: options);
        ScsiDisk.AssertGood(disk.None(Cdb.Six(ScsiOpcodes.TestUnitReady)));
        Assert.AreEqual(2, options.RecoveredErrorCount, "only READ/WRITE consume the fault");

        var data = Enumerable.Range(0, 1024).Select(i => (byte)i).ToArray();
        var write = disk.Out(Cdb.Rw10(ScsiOpcodes.Write10, 8, 2), data);
        ScsiDisk.AssertSense(write, SenseKey.RecoveredError, 0x0C, 0x01);
        Assert.AreEqual(1024L, write.TransferredBytes);

        var (read, readData) = disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 8, 2), 1024);
        ScsiDisk.AssertSense(read, SenseKey.RecoveredError, 0x18, 0x00);
        Assert.AreEqual(1024L, read.TransferredBytes);
        CollectionAssert.AreEqual(data, readData);
        Assert.IsTrue(SenseData.TryGetInformation(read.Sense.Span, out uint lba));
        Assert.AreEqual(8u, lba);
        ScsiDisk.AssertGood(disk.In(Cdb.Rw10(ScsiOpcodes.Read10, 8, 2), 1024).Result);
    }
}
