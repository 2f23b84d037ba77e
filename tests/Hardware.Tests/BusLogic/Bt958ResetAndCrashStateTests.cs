using DumpFramework.Hardware.BusLogic;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.BusLogic;

/// <summary>Hard, soft and SCSI bus reset, recovery from a hung CCB, and the four crash states at takeover.</summary>
[TestClass]
public sealed class Bt958ResetAndCrashStateTests
{
    [TestMethod]
    public void A_hard_reset_runs_diagnostics_and_leaves_the_adapter_needing_mailboxes()
    {
        using var bench = Bt958MailboxTests.Ready();
        Assert.AreEqual(0x10, bench.Status);
        Assert.AreEqual(0x30, bench.HardwareReset());
        Assert.AreEqual(0, bench.Interrupt);
        Assert.AreEqual(0x80, bench.Geometry);
    }

    [TestMethod]
    public void A_soft_reset_also_shows_diagnostics_as_Linux_waits_for_them()
    {
        using var bench = Bt958MailboxTests.Ready();
        Assert.AreEqual(0x30, bench.HardwareReset(hard: false));
    }

    [TestMethod]
    public void A_hung_CCB_is_dropped_by_a_hard_reset_and_the_adapter_works_after_reinitialization()
    {
        using var bench = Bt958MailboxTests.Ready(hang: 2);
        bench.Start(bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0));
        Assert.HasCount(1, bench.PollCompletions());
        bench.Start(bench.WriteCcb(1, 0, [0x00, 0, 0, 0, 0, 0], 3, 0));
        Assert.IsEmpty(bench.PollCompletions(polls: 500), "the second CCB hangs");

        Assert.AreEqual(0x30, bench.HardwareReset());
        Assert.IsEmpty(bench.ScanIncoming(), "a reset completes nothing");
        bench.InitializeExtendedMailboxes(16);
        var pattern = BusLogicBench.Pattern(1024, 9);
        bench.WriteGuest(BusLogicBench.DataBase, pattern);
        bench.Start(bench.WriteCcb(0, 0, Cdb.Rw10(0x2A, 40, 2), 2, 1024));
        Assert.AreEqual(1, bench.PollCompletions().Single().Completion);
        CollectionAssert.AreEqual(pattern, bench.ReadImage(40 * 512, 1024));
    }

    [TestMethod]
    public void A_SCSI_bus_reset_ends_CCBs_in_flight_with_host_adapter_asserted_RST()
    {
        using var bench = Bt958MailboxTests.Ready(hang: 1);
        var ccb = bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0);
        bench.Start(ccb);
        Assert.IsEmpty(bench.PollCompletions(polls: 50));
        bench.Control(0x10);
        var done = bench.PollCompletions();
        Assert.AreEqual(((uint)ccb, (byte)0x22, (byte)0, (byte)4), done.Single());
        Assert.AreEqual(0x10, bench.Status, "the mailboxes survive a bus reset");

        bench.Start(bench.WriteCcb(1, 0, [0x00, 0, 0, 0, 0, 0], 3, 0));
        Assert.AreEqual(1, bench.PollCompletions().Single().Completion);
    }

    [TestMethod]
    public void Running_leaves_the_boot_driver_mailboxes_and_a_latched_IMBL_until_a_hard_reset()
    {
        using var bench = new BusLogicBench(new Bt958Options());
        Assert.AreEqual(ControllerCrashState.Running, bench.Controller.Options.CrashState);
        Assert.AreEqual(0x10, bench.Status, "initialized: ready, no initialization required");
        Assert.AreEqual(0x81, bench.Interrupt, "an incoming mailbox the boot driver had not consumed");
        Assert.IsNull(bench.Controller.Fault);
        var setup = bench.Command(0x8D, [14], 14)!;
        Assert.AreEqual(Bt958Controller.RunningMailboxCount, setup[4]);
        Assert.AreEqual(Bt958Controller.RunningMailboxBase, BitConverter.ToUInt32(setup, 5), "mailboxes in memory the dump miniport does not own");

        Assert.AreEqual(0x30, bench.HardwareReset());
        Assert.AreEqual(0, bench.Interrupt);
        Assert.AreEqual(0, bench.Command(0x8D, [14], 14)![4], "mailboxes forgotten");
    }

    [TestMethod]
    public void PowerOn_is_fresh_from_reset()
    {
        using var bench = new BusLogicBench(new Bt958Options { CrashState = ControllerCrashState.PowerOn });
        Assert.AreEqual(0x30, bench.Status);
        Assert.AreEqual(0, bench.Interrupt);
    }

    [TestMethod]
    public void Faulted_reports_DFAIL_ignores_commands_and_soft_resets_and_recovers_by_a_hard_reset()
    {
        using var bench = new BusLogicBench(new Bt958Options { CrashState = ControllerCrashState.Faulted });
        Assert.AreEqual(0x40, bench.Status);
        Assert.IsNotNull(bench.Controller.Fault);
        bench.Io.Write8(1, 0x00);
        Assert.AreEqual(0, bench.Interrupt, "the firmware takes no command");

        Control(bench, hard: false);
        Assert.AreEqual(0x40, bench.Status, "diagnostics fail again after a soft reset");

        Assert.AreEqual(0x30, bench.HardwareReset());
        Assert.IsNull(bench.Controller.Fault);
        Assert.IsNotNull(bench.Command(0x00, []));
    }

    [TestMethod]
    public void Hung_changes_nothing_until_a_hard_reset()
    {
        using var bench = new BusLogicBench(new Bt958Options { CrashState = ControllerCrashState.Hung });
        Assert.AreEqual(0x08, bench.Status, "command/parameter register busy, not ready");
        bench.Io.Write8(1, 0x00);
        bench.Control(0x40);
        bench.Control(0x20);
        bench.Control(0x10);
        for (int i = 0; i < 5; i++)
        {
            Assert.AreEqual(0x08, bench.Status);
            Assert.AreEqual(0, bench.Interrupt);
        }

        Assert.IsNotNull(bench.Controller.Fault);
        Assert.AreEqual(0x30, bench.HardwareReset());
        Assert.IsNotNull(bench.Command(0x00, []));
    }

    [TestMethod]
    public void A_PCI_reset_returns_a_faulted_adapter_to_power_on()
    {
        using var bench = new BusLogicBench(new Bt958Options { CrashState = ControllerCrashState.Faulted });
        bench.Controller.Reset();
        Assert.AreEqual(0x30, bench.Status);
        Assert.IsNull(bench.Controller.Fault);
    }

    private static void Control(BusLogicBench bench, bool hard)
    {
        bench.Control(hard ? (byte)0x80 : (byte)0x40);
        Assert.AreEqual(0x80, bench.Status);
        Assert.AreEqual(0x80, bench.Status);
    }
}
