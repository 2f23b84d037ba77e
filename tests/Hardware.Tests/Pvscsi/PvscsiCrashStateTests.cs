using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Pvscsi;

namespace DumpFramework.Hardware.Tests.Pvscsi;

/// <summary>The adapter as the dump miniport meets it at a bugcheck (<c>hardware.crash_state</c>).</summary>
[TestClass]
public sealed class PvscsiCrashStateTests
{
    [TestMethod]
    public void Running_has_the_old_drivers_rings_with_unread_completions_and_the_interrupt_latched()
    {
        using var bench = new PvscsiBench(new PvscsiOptions { CompletionLatency = 0, CrashState = ControllerCrashState.Running }, setup: false);
        Assert.AreEqual(PvscsiSpec.Completion0, bench.Registers.Read32(PvscsiSpec.InterruptStatus));
        Assert.AreEqual(PvscsiSpec.Completion0, bench.Registers.Read32(PvscsiSpec.InterruptMask), "the normal-mode driver ran with interrupts enabled");
        Assert.IsTrue(bench.Controller.InterruptAsserted);

        // ADAPTER_RESET forgets the old rings; the miniport's own rings then work.
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.AdapterReset));
        Assert.AreEqual(0u, bench.Registers.Read32(PvscsiSpec.InterruptStatus));
        Assert.AreEqual(0u, bench.SetupRings(), bench.Controller.LastError);
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(TestRequest.Write(9, 3, 1, PvscsiBench.DataBase)).HostStatus);
    }

    [TestMethod]
    public void A_faulted_adapter_fails_every_command_until_adapter_reset()
    {
        using var bench = new PvscsiBench(new PvscsiOptions { CompletionLatency = 0, CrashState = ControllerCrashState.Faulted }, setup: false);
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.SetupRings());
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.Command(PvscsiSpec.ResetBus));
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.AdapterReset));
        Assert.AreEqual(0u, bench.SetupRings(), bench.Controller.LastError);
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(TestRequest.Write(9, 3, 1, PvscsiBench.DataBase)).HostStatus);
    }

    [TestMethod]
    public void A_hung_adapter_hears_nothing_but_adapter_reset()
    {
        using var bench = new PvscsiBench(new PvscsiOptions { CompletionLatency = 0, CrashState = ControllerCrashState.Hung }, setup: false);
        uint status = bench.Registers.Read32(PvscsiSpec.CommandStatus);
        bench.Registers.Write32(PvscsiSpec.Command, PvscsiSpec.ResetBus);
        Assert.AreEqual(status, bench.Registers.Read32(PvscsiSpec.CommandStatus), "COMMAND_STATUS never changes");
        uint interrupt = bench.Registers.Read32(PvscsiSpec.InterruptStatus);
        bench.Registers.Write32(PvscsiSpec.InterruptStatus, 0xFFFF_FFFF);
        Assert.AreEqual(interrupt, bench.Registers.Read32(PvscsiSpec.InterruptStatus), "INTR_STATUS never changes");

        Assert.AreEqual(0u, bench.Command(PvscsiSpec.AdapterReset));
        Assert.AreEqual(0u, bench.SetupRings(), bench.Controller.LastError);
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(TestRequest.Write(9, 3, 1, PvscsiBench.DataBase)).HostStatus);
    }
}
