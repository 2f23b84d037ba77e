using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Faults;
using DumpFramework.Hardware.Ide;

namespace DumpFramework.Hardware.Tests.Ide;

/// <summary>The channel as the dump miniport meets it at a bugcheck (<c>hardware.crash_state</c>), and manifest faults
/// and geometry on the ATA disk.</summary>
[TestClass]
public sealed class IdeCrashStateTests
{
    [TestMethod]
    public void Running_is_mid_dma_with_bsy_and_bus_master_active_until_a_software_reset()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 500, CrashState = ControllerCrashState.Running });
        Assert.AreEqual(IdeRig.Bsy, rig.AltStatus & IdeRig.Bsy, "the normal-mode driver's READ DMA is in flight");
        Assert.AreEqual(0x01, rig.BmStatus & 0x01, "bus master Active");

        // SRST cancels it: the dump miniport's reset.
        rig.Control.Write8(0, 0x04);
        rig.Control.Write8(0, 0x00);
        Assert.AreEqual(0, rig.WaitNotBusy(2000) & IdeRig.Err);
        Assert.AreEqual(0, rig.BmStatus & 0x01, "the reset stopped the bus master's transfer");
    }

    [TestMethod]
    public void Faulted_reports_err_with_abort()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, CrashState = ControllerCrashState.Faulted });
        Assert.AreEqual(IdeRig.Err, rig.Status & IdeRig.Err);
        Assert.AreEqual(IdeRig.Abrt, rig.Error);
    }

    [TestMethod]
    public void Hung_stays_busy_whatever_is_written_until_a_software_reset()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, CrashState = ControllerCrashState.Hung });
        for (int poll = 0; poll < 1000; poll++)
        {
            Assert.AreEqual(IdeRig.Bsy, rig.AltStatus & IdeRig.Bsy);
        }

        rig.Issue(0xEC);
        Assert.AreEqual(IdeRig.Bsy, rig.Status & IdeRig.Bsy, "a command written while BSY is ignored");
        rig.Control.Write8(0, 0x04);
        rig.Control.Write8(0, 0x00);
        Assert.AreEqual(0, rig.WaitNotBusy() & IdeRig.Bsy);
        Assert.HasCount(512, rig.Identify());
    }

    [TestMethod]
    public void A_manifest_medium_error_fails_the_read_with_unc_at_the_first_bad_sector_for_count_commands()
    {
        var faults = new Dictionary<int, IReadOnlyList<DiskFault>> { [0] = [new DiskFault(DiskFaultKind.MediumError) { Lbas = (100, 103) }] };
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, DeviceFaults = faults });
        rig.Lba28(101, 2);
        rig.Issue(0x20);
        Assert.AreEqual(IdeRig.Err, rig.WaitNotBusy() & (IdeRig.Err | IdeRig.Drq));
        Assert.AreEqual(IdeRig.Unc, rig.Error & IdeRig.Unc);
        Assert.AreEqual(101, rig.Command.Read8(3), "the task file names the bad sector");

        // Count 1: the next read of the range works.
        rig.Lba28(98, 4);
        rig.Issue(0x20);
        Assert.HasCount(4 * 512, rig.PioIn(4 * 512, 512));
    }

    [TestMethod]
    public void Identify_reports_a_512e_physical_sector_from_the_manifest()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, DevicePhysicalSectorSizes = new Dictionary<int, int> { [0] = 4096 } });
        var identify = rig.Identify();
        Assert.AreEqual(0x6003, IdeRig.Word(identify, 106), "valid, multiple logical per physical, 2^3");

        using var native = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, DevicePhysicalSectorSizes = new Dictionary<int, int> { [0] = 512 } });
        Assert.AreEqual(0, IdeRig.Word(native.Identify(), 106) & 0x2000, "512n: one logical sector per physical");
    }
}
