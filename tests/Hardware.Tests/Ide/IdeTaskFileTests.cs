using DumpFramework.Hardware.Ide;
using static DumpFramework.Hardware.Tests.Ide.IdeRig;

namespace DumpFramework.Hardware.Tests.Ide;

[TestClass]
public sealed class IdeTaskFileTests
{
    [TestMethod]
    public void Power_on_state_is_idle_with_the_ata_signature()
    {
        using var rig = new IdeRig();
        Assert.AreEqual(0x50, rig.Status);
        Assert.AreEqual(0x01, rig.Error, "diagnostic passed");
        Assert.AreEqual(1, rig.Command.Read8(2));
        Assert.AreEqual(1, rig.Command.Read8(3));
        Assert.AreEqual(0, rig.Command.Read8(4));
        Assert.AreEqual(0, rig.Command.Read8(5));
        Assert.AreEqual(new Abstractions.Hardware.PciIdentity(0x8086, 0x7010, 0, 0, 0x010180, 0), rig.Controller.Pci);
        Assert.HasCount(3, rig.Controller.RegisterSpaces);
        Assert.AreEqual(8, rig.Command.Length);
        Assert.AreEqual(1, rig.Control.Length);
        Assert.AreEqual(8, rig.BusMaster.Length);
    }

    [TestMethod]
    public void Hob_set_in_device_control_reads_the_previous_values_and_any_register_write_clears_it()
    {
        using var rig = new IdeRig();
        rig.Command.Write8(2, 0x12);
        rig.Command.Write8(2, 0x34);
        rig.Command.Write8(3, 0xA1);
        rig.Command.Write8(3, 0xB2);
        rig.Command.Write8(4, 0xC3);
        rig.Command.Write8(4, 0xD4);
        rig.Command.Write8(5, 0xE5);
        rig.Command.Write8(5, 0xF6);
        Assert.AreEqual(0x34, rig.Command.Read8(2));
        Assert.AreEqual(0xB2, rig.Command.Read8(3));

        rig.Control.Write8(0, 0x80);
        Assert.AreEqual(0x12, rig.Command.Read8(2));
        Assert.AreEqual(0xA1, rig.Command.Read8(3));
        Assert.AreEqual(0xC3, rig.Command.Read8(4));
        Assert.AreEqual(0xE5, rig.Command.Read8(5));

        // A write to any task-file register drops HOB: the current bytes read back again.
        rig.Command.Write8(1, 0x00);
        Assert.AreEqual(0x34, rig.Command.Read8(2));
        Assert.AreEqual(0xF6, rig.Command.Read8(5));
    }

    [TestMethod]
    public void Task_file_writes_are_ignored_while_busy_or_while_drq_is_set()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 3 });
        rig.Command.Write8(6, 0xA0);
        rig.Command.Write8(3, 0x11);
        rig.Issue(0xEC);
        Assert.AreEqual(Bsy, rig.AltStatus & Bsy);
        rig.Command.Write8(3, 0x22);
        rig.Command.Write8(6, 0xB0);
        Assert.AreEqual(Drq, rig.WaitNotBusy() & Drq);
        Assert.AreEqual(0x11, rig.Command.Read8(3), "write during BSY ignored");
        rig.Command.Write8(3, 0x33);
        Assert.AreEqual(0x11, rig.Command.Read8(3), "write during DRQ ignored");
        // A new command while DRQ is set is ignored too: the IDENTIFY block is still there.
        rig.Issue(0xE5);
        Assert.AreEqual(Drq, rig.AltStatus & Drq);
        var identify = new byte[512];
        rig.ReadBlock(identify);
        Assert.AreEqual(0x0040, Word(identify, 0));
        Assert.AreEqual(0x50, rig.Status);
        rig.Command.Write8(3, 0x44);
        Assert.AreEqual(0x44, rig.Command.Read8(3), "accepted once idle");
    }

    [TestMethod]
    public void Completion_latency_keeps_bsy_visible_for_exactly_n_polls()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 4 });
        rig.Issue(0xE5);
        for (int i = 0; i < 4; i++)
        {
            Assert.AreEqual(Bsy | Drdy, rig.AltStatus, $"poll {i}");
        }

        Assert.AreEqual(0x50, rig.AltStatus);
    }

    [TestMethod]
    public void Status_read_acknowledges_intrq_and_alternate_status_does_not()
    {
        using var rig = new IdeRig();
        rig.Issue(0xE5);
        Assert.IsTrue(rig.Controller.InterruptAsserted);
        Assert.AreEqual(0x04, rig.BmStatus & 0x04, "BM Interrupt follows INTRQ");
        Assert.AreEqual(0x50, rig.AltStatus);
        Assert.IsTrue(rig.Controller.InterruptAsserted, "Alternate Status has no side effects");
        Assert.AreEqual(0x50, rig.Status);
        Assert.IsFalse(rig.Controller.InterruptAsserted, "Status read deasserts INTRQ");
        rig.BusMaster.Write8(2, 0x04);
        Assert.AreEqual(0, rig.BmStatus & 0x04, "BM Interrupt is write-1-to-clear");
    }

    [TestMethod]
    public void With_nien_set_intrq_never_latches_and_the_bm_interrupt_bit_stays_clear()
    {
        using var rig = new IdeRig();
        rig.Control.Write8(0, 0x02);
        rig.Issue(0xE5);
        Assert.AreEqual(0x50, rig.AltStatus);
        Assert.IsFalse(rig.Controller.InterruptAsserted);
        Assert.AreEqual(0, rig.BmStatus & 0x04);
        // Unmasking later does not reveal an interrupt that never latched.
        rig.Control.Write8(0, 0x00);
        Assert.IsFalse(rig.Controller.InterruptAsserted);
    }

    [TestMethod]
    public void A_new_command_write_clears_a_latched_interrupt()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 2 });
        rig.Issue(0xE5);
        rig.WaitNotBusy();
        Assert.IsTrue(rig.Controller.InterruptAsserted);
        rig.Issue(0xE5);
        Assert.IsFalse(rig.Controller.InterruptAsserted);
    }

    [TestMethod]
    public void Soft_reset_holds_bsy_then_loads_signatures_and_cancels_a_transfer()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 2 });
        rig.Lba28(10, 4);
        rig.Issue(0x20);
        Assert.AreEqual(Drq, rig.WaitNotBusy() & Drq);
        Assert.IsTrue(rig.Controller.InterruptAsserted);
        rig.Control.Write8(0, 0x04);
        Assert.IsFalse(rig.Controller.InterruptAsserted, "SRST drops INTRQ");
        Assert.AreEqual(Bsy, rig.AltStatus & Bsy);
        rig.Issue(0xE5);
        Assert.AreEqual(Bsy, rig.AltStatus & Bsy, "no command while SRST is asserted");
        rig.Control.Write8(0, 0x00);
        Assert.AreEqual(Bsy, rig.AltStatus & Bsy);
        Assert.AreEqual(Bsy, rig.AltStatus & Bsy);
        Assert.AreEqual(0x50, rig.AltStatus);
        Assert.AreEqual(0x01, rig.Error);
        Assert.AreEqual(1, rig.Command.Read8(2));
        Assert.AreEqual(1, rig.Command.Read8(3));
        Assert.AreEqual(0, rig.Command.Read8(4));
        Assert.AreEqual(0, rig.Command.Read8(5));
        Assert.AreEqual(0, rig.Command.Read16(0), "the cancelled PIO block is gone");
        Assert.IsFalse(rig.Controller.InterruptAsserted, "reset completion does not interrupt");
    }

    [TestMethod]
    public void An_absent_slave_reads_status_0_and_ignores_commands()
    {
        using var rig = new IdeRig();
        rig.Command.Write8(6, 0xB0);
        Assert.AreEqual(0, rig.Status);
        Assert.AreEqual(0, rig.AltStatus);
        rig.Command.Write8(3, 0x5A);
        Assert.AreEqual(0x5A, rig.Command.Read8(3), "both devices latch task-file writes");
        rig.Issue(0xEC);
        Assert.AreEqual(0, rig.AltStatus, "IDENTIFY to the absent slave is ignored");
        Assert.IsFalse(rig.Controller.InterruptAsserted);
        rig.Command.Write8(6, 0xA0);
        Assert.AreEqual(0x50, rig.Status, "the master did not run it");
        Assert.AreEqual(0x5A, rig.Command.Read8(3));
        Assert.AreEqual(0, rig.BmStatus & 0x40, "drive 1 not DMA capable");
        Assert.AreEqual(0x20, rig.BmStatus & 0x20);
    }

    [TestMethod]
    public void A_present_slave_answers_for_itself()
    {
        using var rig = new IdeRig(withSlave: true);
        rig.Command.Write8(6, 0xB0);
        Assert.AreEqual(0x50, rig.Status);
        rig.Issue(0xEC);
        var identify = rig.PioIn(512, 512);
        Assert.AreEqual(2048u, (uint)(Word(identify, 60) | (Word(identify, 61) << 16)), "the slave's 1 MiB capacity");
    }

    [TestMethod]
    public void An_empty_channel_reads_zero()
    {
        using var rig = new IdeRig(withMaster: false);
        Assert.AreEqual(0, rig.Status);
        Assert.AreEqual(0, rig.AltStatus);
        Assert.AreEqual(0, rig.Command.Read8(3));
        rig.Issue(0x90);
        Assert.AreEqual(0, rig.AltStatus);
    }

    [TestMethod]
    public void Execute_device_diagnostic_reloads_signatures_and_selects_device_0()
    {
        using var rig = new IdeRig();
        rig.Lba28(0x123456, 7);
        rig.Command.Write8(6, 0xB0);
        rig.Issue(0x90);
        Assert.AreEqual(0x50, rig.Status);
        Assert.AreEqual(0x01, rig.Error);
        Assert.AreEqual(1, rig.Command.Read8(2));
        Assert.AreEqual(1, rig.Command.Read8(3));
        Assert.AreEqual(0, rig.Command.Read8(4));
        Assert.AreEqual(0, rig.Command.Read8(5));
        Assert.AreEqual(0, rig.Command.Read8(6) & 0x10);
    }

    [TestMethod]
    public void Power_on_reset_restores_defaults()
    {
        using var rig = new IdeRig();
        Assert.AreEqual(0x50, rig.NonData(0xC6, count: 8));
        rig.Control.Write8(0, 0x02);
        rig.Controller.Reset();
        Assert.AreEqual(0, Word(rig.Identify(), 59), "multiple mode off after power-on");
        Assert.IsTrue(rig.Controller.InterruptAsserted, "nIEN cleared by power-on");
    }
}
