using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Ata;

namespace DumpFramework.Host.Tests.Ports;

/// <summary>The ATA port's busy and retry budgets come from its settings, as the SCSI port's do.</summary>
[TestClass]
public sealed class AtaPortRecoveryTests
{
    private const int Sectors = 8;

    // DRDY | DSC | ERR with ABRT: libata reads it as ABORTED COMMAND, a condition worth retrying.
    private static readonly (IrbStatus, byte, byte) Aborted = (IrbStatus.DeviceError, 0x51, 0x04);
    private static readonly (IrbStatus, byte, byte) Busy = (IrbStatus.Busy, 0x50, 0);

    [TestMethod]
    public void Busy_is_resubmitted_up_to_busy_resubmit_limit_times()
    {
        using var bench = AtaPortBench.Open(new Dictionary<string, string> { ["busy_resubmit_limit"] = "3", ["busy_delay_microseconds"] = "0" });
        Enqueue(bench, Busy, 3);
        Assert.AreEqual(NtStatus.Success, bench.WriteSectors(Sectors), bench.Port.LastError);
        Assert.AreEqual(3, bench.Port.Statistics.BusyResubmits);
        Assert.AreEqual(4, bench.Channel.Requests.Count(r => r.StartsWith("AtaWrite", StringComparison.Ordinal)));

        Enqueue(bench, Busy, 4);
        Assert.AreEqual(NtStatus.DeviceBusy, bench.WriteSectors(Sectors));
        StringAssert.Contains(bench.Port.LastError, "still busy after 3 resubmissions: IRB_STATUS_BUSY");
        Assert.AreEqual(6, bench.Port.Statistics.BusyResubmits);
    }

    [TestMethod]
    public void Without_the_setting_busy_is_resubmitted_once_as_ataport_does()
    {
        using var bench = AtaPortBench.Open(new Dictionary<string, string>());
        Enqueue(bench, Busy, 1);
        Assert.AreEqual(NtStatus.Success, bench.WriteSectors(Sectors), bench.Port.LastError);

        Enqueue(bench, Busy, 2);
        Assert.AreEqual(NtStatus.DeviceBusy, bench.WriteSectors(Sectors));
        StringAssert.Contains(bench.Port.LastError, "still busy after 1 resubmissions");
    }

    [TestMethod]
    public void Aborted_commands_are_retried_up_to_retry_limit_times()
    {
        using var bench = AtaPortBench.Open(new Dictionary<string, string> { ["retry_limit"] = "3" });
        Enqueue(bench, Aborted, 3);
        Assert.AreEqual(NtStatus.Success, bench.WriteSectors(Sectors), bench.Port.LastError);
        Assert.AreEqual(3, bench.Port.Statistics.Retries);

        Enqueue(bench, Aborted, 4);
        Assert.AreEqual(NtStatus.IoDeviceError, bench.WriteSectors(Sectors));
        StringAssert.Contains(bench.Port.LastError, "dump_ataport: WRITE SECTORS LBA 0x0 x 8 failed: failed after 3 retries: ERR, ABRT");
        StringAssert.Contains(bench.Port.LastError, "sense ABORTED COMMAND");
        Assert.AreEqual(6, bench.Port.Statistics.Retries);
    }

    [TestMethod]
    public void Without_the_setting_an_aborted_command_is_retried_once()
    {
        using var bench = AtaPortBench.Open(new Dictionary<string, string>());
        Enqueue(bench, Aborted, 1);
        Assert.AreEqual(NtStatus.Success, bench.WriteSectors(Sectors), bench.Port.LastError);

        Enqueue(bench, Aborted, 2);
        Assert.AreEqual(NtStatus.IoDeviceError, bench.WriteSectors(Sectors));
        StringAssert.Contains(bench.Port.LastError, "failed after 1 retry: ERR, ABRT");
    }

    [TestMethod]
    public void Flush_sends_only_flush_cache_and_finish_only_standby_immediate()
    {
        using var bench = AtaPortBench.Open(new Dictionary<string, string>());
        // Open learnt the disk through one IDENTIFY DEVICE IRB.
        CollectionAssert.AreEqual(new[] { "AtaIdentify 0xEC" }, bench.Channel.Requests);
        Assert.AreEqual(NtStatus.Success, bench.Port.Flush(), bench.Port.LastError);
        CollectionAssert.AreEqual(new[] { "AtaIdentify 0xEC", "AtaFlush 0xE7" }, bench.Channel.Requests);
        Assert.AreEqual(NtStatus.Success, bench.Port.Finish(), bench.Port.LastError);
        CollectionAssert.AreEqual(new[] { "AtaIdentify 0xEC", "AtaFlush 0xE7", "AtaCommand 0xE0" }, bench.Channel.Requests);
    }

    [TestMethod]
    public void AtaPortGetBusData_gives_the_channel_miniport_the_controllers_vendor_and_device_id()
    {
        using var bench = AtaPortBench.Open(new Dictionary<string, string>());
        // The PIIX IDE function: Intel 8086, device 7010.
        Assert.AreEqual(((ushort)0x8086, (ushort)0x7010), bench.Channel.BusDataIds);
    }

    private static void Enqueue(AtaPortBench bench, (IrbStatus, byte, byte) step, int count)
    {
        for (int i = 0; i < count; i++)
        {
            bench.Channel.Script.Enqueue(step);
        }
    }
}
