using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.LsiSas;
using DumpFramework.Hardware.Tests.LsiSas.TestSupport;

namespace DumpFramework.Hardware.Tests.LsiSas;

/// <summary>The IOC as the dump miniport meets it at a bugcheck (<c>hardware.crash_state</c>).</summary>
[TestClass]
public sealed class Sas1068CrashStateTests
{
    private static readonly uint[] Keys = [0x04, 0x0B, 0x02, 0x07, 0x0D];

    [TestMethod]
    public void Power_on_is_ready_and_untouched()
    {
        using var bench = new LsiSasBench(crashState: ControllerCrashState.PowerOn);
        Assert.AreEqual(0x1000_0000u, bench.Host.Doorbell);
        Assert.IsFalse(bench.Controller.InterruptAsserted);
        Assert.AreEqual(MpiTestHost.Empty, bench.Host.Registers.Read32(0x44));
    }

    [TestMethod]
    public void Running_is_operational_with_the_old_drivers_replies_unread_and_its_frames_in_the_free_fifo()
    {
        // Frames below 4 GiB: the old driver's IOC_INIT set the high address bits, and they are zero.
        using var bench = new LsiSasBench(framesBelow4GiB: true, crashState: ControllerCrashState.Running);
        var host = bench.Host;
        Assert.AreEqual(0x2400_0000u, host.Doorbell, "OPERATIONAL, initialized by a host driver");
        Assert.IsTrue(bench.Controller.InterruptAsserted, "the reply interrupt is latched and unmasked");
        Assert.AreEqual(0u, host.Registers.Read32(0x34), "the normal-mode driver ran with interrupts enabled");
        for (uint i = 0; i < Sas1068Controller.NormalModeUnreadReplies; i++)
        {
            Assert.AreEqual(Sas1068Controller.NormalModeFirstContext + i, host.Registers.Read32(0x44), "an unread completion of the old driver");
        }

        Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44));

        // A miniport that takes over without a reset gets its reply written to the old driver's frame, not its own.
        host.PostReplyFrames(4);
        host.Post(host.BuildScsiIo(0, 0, LsiSasBench.Read10(100_000, 1), 0, 0, 0x51, senseLength: 18));
        uint descriptor = host.PollReply();
        Assert.AreEqual(0x8000_0000u, descriptor & 0x8000_0000, "an address reply");
        ulong frame = (descriptor & 0x7FFF_FFFF) << 1;
        Assert.IsTrue(frame >= LsiSasBench.LowBase && frame < LsiSasBench.LowBase + LsiSasBench.LowLength, "the reply went to the old driver's frame, in RAM");
    }

    [TestMethod]
    public void A_message_unit_reset_takes_a_running_ioc_back_to_ready_and_drops_what_the_old_driver_left()
    {
        using var bench = new LsiSasBench(crashState: ControllerCrashState.Running);
        var host = bench.Host;
        host.Write(0x34, 0x9);
        host.Write(0x00, 0x4000_0000);
        MpiTestHost.WaitFor(() => MpiTestHost.State(host.Doorbell) == 1, "READY");
        Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44), "the unread replies are gone");

        host.InitializeToOperational();
        var reply = host.Run(host.BuildScsiIo(0, 0, LsiSasBench.Read10(100_000, 1), 0, 0, 0x52, senseLength: 18));
        Assert.IsTrue(reply.FrameAddress >= host.HostArea.PhysicalAddress && reply.FrameAddress < host.HostArea.PhysicalAddress + MpiTestHost.HostAreaSize, "after the reset only the new frames are used");
    }

    [TestMethod]
    public void A_faulted_ioc_shows_its_fault_code_until_reset()
    {
        using var bench = new LsiSasBench(crashState: ControllerCrashState.Faulted);
        Assert.AreEqual(0x4000_0004u, bench.Host.Doorbell);
        StringAssert.StartsWith(bench.Controller.Fault, "MPI FAULT 0x0004:");
        Assert.AreEqual(0, bench.Disk.ResetCount, "creation does not reset the targets");
    }

    [TestMethod]
    public void A_hung_ioc_never_acknowledges_the_doorbell_and_only_a_diagnostic_reset_recovers_it()
    {
        using var bench = new LsiSasBench(crashState: ControllerCrashState.Hung);
        var host = bench.Host;
        Assert.AreEqual(0x2400_0000u, host.Doorbell);

        // A message unit reset goes through the firmware: never acknowledged, the state never changes.
        host.Write(0x00, 0x4000_0000);
        for (int poll = 0; poll < 1000; poll++)
        {
            bench.Clock.Stall(100);
            Assert.AreEqual(0x8000_0000u, host.InterruptStatus & 0x8000_0000, "the doorbell write is never consumed");
            Assert.AreEqual(0x2400_0000u, host.Doorbell, "the doorbell never changes");
            Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44), "nothing is ever posted");
        }

        // The diagnostic reset is hardware: it works.
        host.Write(0x04, 0xFF);
        foreach (uint key in Keys)
        {
            host.Write(0x04, key);
        }

        host.Write(0x08, 0x80 | 0x04);
        MpiTestHost.WaitFor(() => MpiTestHost.State(host.Doorbell) == 1, "READY after the diagnostic reset");
        host.InitializeToOperational();
        Assert.IsTrue(host.Run(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, 0, 0, 0x53)).IsTurbo);
    }
}
