using System.Buffers.Binary;
using DumpFramework.Hardware.BusLogic;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.BusLogic;

/// <summary>Mailboxes and CCBs: data in and out, with and without SG and residual, the rings wrapping, polled
/// completion with the interrupt line off, selection timeout, auto sense, invalid CCBs and mailboxes.</summary>
[TestClass]
public sealed class Bt958MailboxTests
{
    private const byte Read10 = 0x28;
    private const byte Write10 = 0x2A;

    [TestMethod]
    public void A_write_through_an_SG_list_and_a_direct_read_move_the_same_bytes()
    {
        using var bench = Ready();
        var pattern = BusLogicBench.Pattern(8192, 11);
        bench.WriteGuest(BusLogicBench.DataBase + 0x1000, pattern.AsSpan(0, 4096));
        bench.WriteGuest(BusLogicBench.DataBase, pattern.AsSpan(4096));
        var write = bench.WriteCcb(0, 0, Cdb.Rw10(Write10, 100, 16), 2, 0, segments: [((uint)BusLogicBench.DataBase + 0x1000, 4096), ((uint)BusLogicBench.DataBase, 4096)]);
        bench.Start(write);
        var done = bench.PollCompletions();
        Assert.HasCount(1, done);
        Assert.AreEqual(((uint)write, (byte)0, (byte)0, (byte)1), done[0]);
        CollectionAssert.AreEqual(pattern, bench.ReadImage(100 * 512, 8192));

        var read = bench.WriteCcb(1, 0, Cdb.Rw10(Read10, 100, 16), 1, 8192, BusLogicBench.DataBase + 0x10000);
        bench.Start(read);
        Assert.AreEqual(1, bench.PollCompletions().Single().Completion);
        CollectionAssert.AreEqual(pattern, bench.ReadGuest(BusLogicBench.DataBase + 0x10000, 8192));
        Assert.AreEqual(0, bench.CcbBytes(1)[0x0E], "host adapter status in the CCB");
    }

    [TestMethod]
    public void The_mailbox_rings_wrap_many_times_in_strict_round_robin()
    {
        using var bench = Ready(mailboxes: 4);
        for (int i = 0; i < 37; i++)
        {
            var data = BusLogicBench.Pattern(512, i);
            bench.WriteGuest(BusLogicBench.DataBase, data);
            var ccb = bench.WriteCcb(i % 4, 0, Cdb.Rw10(Write10, (uint)i, 1), 2, 512);
            bench.Start(ccb);
            var done = bench.PollCompletions();
            Assert.HasCount(1, done, $"request {i}");
            Assert.AreEqual((uint)ccb, done[0].Ccb);
            CollectionAssert.AreEqual(data, bench.ReadImage(i * 512L, 512));
        }
    }

    [TestMethod]
    public void Several_loaded_mailboxes_complete_in_order_into_consecutive_incoming_mailboxes()
    {
        using var bench = Ready(mailboxes: 8, latency: 3);
        var ccbs = new List<uint>();
        for (int i = 0; i < 6; i++)
        {
            ccbs.Add((uint)bench.WriteCcb(i, 0, [0x00, 0, 0, 0, 0, 0], 3, 0));
            bench.Start(ccbs[^1], execute: false);
        }

        bench.Io.Write8(1, 0x02);
        var done = bench.PollCompletions();
        CollectionAssert.AreEqual(ccbs, done.Select(d => d.Ccb).ToList());
    }

    [TestMethod]
    public void Without_strict_round_robin_the_adapter_scans_for_a_loaded_mailbox_anywhere_in_the_ring()
    {
        using var bench = Ready(mailboxes: 8, strictRoundRobin: false);
        bench.NextOutgoing = 5;
        var ccb = bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0);
        bench.Start(ccb);
        Assert.AreEqual((uint)ccb, bench.PollCompletions().Single().Ccb);

        // In strict round-robin mode a mailbox out of turn is not seen.
        using var strict = Ready(mailboxes: 8);
        strict.NextOutgoing = 5;
        strict.Start(strict.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0));
        Assert.IsEmpty(strict.PollCompletions(polls: 20));
    }

    [TestMethod]
    public void With_the_interrupt_line_disabled_IMBL_and_CMDC_still_latch_for_a_polling_driver()
    {
        using var bench = Ready();
        Assert.IsNotNull(bench.Command(0x25, [0]), "CMDC is latched for Disable Host Adapter Interrupt itself");
        Assert.IsNotNull(bench.Command(0x00, []), "test CMDC interrupt completes by CMDC with the line off");
        var ccb = bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0);
        bench.Start(ccb);
        byte interrupt = 0;
        for (int i = 0; i < 10 && interrupt == 0; i++)
        {
            interrupt = bench.Interrupt;
        }

        Assert.AreEqual(0x81, interrupt);
        Assert.IsFalse(bench.Controller.InterruptAsserted, "the line stays low");
        bench.AcknowledgeInterrupt();
        Assert.AreEqual((uint)ccb, bench.ScanIncoming().Single().Ccb);

        Assert.IsNotNull(bench.Command(0x25, [1]));
        bench.Start(bench.WriteCcb(1, 0, [0x00, 0, 0, 0, 0, 0], 3, 0));
        for (int i = 0; i < 10 && !bench.Controller.InterruptAsserted; i++)
        {
            _ = bench.Interrupt;
        }

        Assert.IsTrue(bench.Controller.InterruptAsserted);
    }

    [TestMethod]
    public void A_command_completing_while_IMBL_is_latched_keeps_both_and_a_second_CMDC_waits_for_the_reset()
    {
        using var bench = Ready(latency: 0);
        bench.Start(bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0));
        Assert.AreEqual(0x81, bench.Interrupt);
        bench.Io.Write8(1, 0x00);
        Assert.AreEqual(0x85, bench.Interrupt, "CMDC joins IMBL");
        bench.Start(bench.WriteCcb(1, 0, [0x00, 0, 0, 0, 0, 0], 3, 0));
        Assert.AreEqual(0x85, bench.Interrupt, "the second IMBL waits behind the CMDC");
        bench.AcknowledgeInterrupt();
        Assert.AreEqual(0x81, bench.Interrupt, "reported once the interrupt reset cleared the CMDC");
        bench.AcknowledgeInterrupt();
        Assert.AreEqual(0, bench.Interrupt);
        Assert.HasCount(2, bench.ScanIncoming());
    }

    [TestMethod]
    public void An_absent_target_ends_in_selection_timeout()
    {
        using var bench = Ready();
        var ccb = bench.WriteCcb(0, 5, Cdb.Rw10(Read10, 0, 1), 1, 512);
        bench.Start(ccb);
        var done = bench.PollCompletions().Single();
        Assert.AreEqual(((uint)ccb, (byte)0x11, (byte)0, (byte)4), done);
        Assert.AreEqual(0x11, bench.CcbBytes(0)[0x0E]);
    }

    [TestMethod]
    public void A_short_data_in_reports_its_residual_only_for_residual_opcodes()
    {
        using var bench = Ready();
        var inquiry = Cdb.Inquiry(allocation: 255);
        bench.Start(bench.WriteCcb(0, 0, inquiry, 1, 255, residual: true));
        Assert.AreEqual(1, bench.PollCompletions().Single().Completion);
        uint residual = BinaryPrimitives.ReadUInt32LittleEndian(bench.CcbBytes(0)[4..]);
        Assert.IsTrue(residual is > 0 and < 255, $"residual {residual}");

        bench.Start(bench.WriteCcb(1, 0, inquiry, 1, 255));
        Assert.AreEqual(1, bench.PollCompletions().Single().Completion);
        Assert.AreEqual(255u, BinaryPrimitives.ReadUInt32LittleEndian(bench.CcbBytes(1)[4..]), "a plain CCB keeps its data length");
    }

    [TestMethod]
    public void A_check_condition_stores_sense_in_the_CCB_sense_buffer()
    {
        using var bench = Ready();
        var ccb = bench.WriteCcb(0, 0, Cdb.Rw10(Read10, 0x7FFF_FFFF, 1), 1, 512, senseLength: 18);
        bench.Start(ccb);
        var done = bench.PollCompletions().Single();
        Assert.AreEqual(((uint)ccb, (byte)0, (byte)2, (byte)4), done, "command completed, CHECK CONDITION, completed with error");
        var sense = bench.CcbBytes(0).Slice(192, 18);
        Assert.AreEqual(0x70, sense[0] & 0x7F, "fixed format, current");
        Assert.AreEqual(0x05, sense[2] & 0x0F, "ILLEGAL REQUEST");
        Assert.AreEqual(0x21, sense[12], "LBA out of range");
    }

    [TestMethod]
    public void Sense_length_1_means_no_sense_and_0_means_14_bytes()
    {
        using var bench = Ready();
        bench.CcbBytes(0).Slice(192, 32).Fill(0xEE);
        bench.Start(bench.WriteCcb(0, 0, Cdb.Rw10(Read10, 0x7FFF_FFFF, 1), 1, 512, senseLength: 1));
        bench.CcbBytes(0).Slice(192, 32).Fill(0xEE);
        Assert.AreEqual(2, bench.PollCompletions().Single().TargetStatus);
        Assert.AreEqual(0xEE, bench.CcbBytes(0)[192], "nothing stored");

        bench.Start(bench.WriteCcb(1, 0, Cdb.Rw10(Read10, 0x7FFF_FFFF, 1), 1, 512, senseLength: 0));
        bench.CcbBytes(1).Slice(192, 32).Fill(0xEE);
        Assert.AreEqual(2, bench.PollCompletions().Single().TargetStatus);
        Assert.AreEqual(0x70, bench.CcbBytes(1)[192] & 0x7F);
        Assert.AreEqual(0xEE, bench.CcbBytes(1)[192 + 14], "14 bytes exactly");
    }

    [TestMethod]
    [DataRow((byte)0x01, (byte)0x16, DisplayName = "target mode CCB: invalid CCB opcode")]
    [DataRow((byte)0x77, (byte)0x16, DisplayName = "unknown CCB opcode")]
    public void A_CCB_the_firmware_does_not_execute_is_completed_with_an_error_status(byte opcode, byte hostStatus)
    {
        using var bench = Ready();
        bench.Start(bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0, opcode: opcode));
        Assert.AreEqual(hostStatus, bench.PollCompletions().Single().HostStatus);
        Assert.IsNotNull(bench.Controller.LastError);
    }

    [TestMethod]
    public void A_CDB_longer_than_12_bytes_or_a_target_beyond_15_is_an_invalid_parameter()
    {
        using var bench = Ready();
        bench.Start(bench.WriteCcb(0, 0, new byte[16], 3, 0));
        Assert.AreEqual(0x1A, bench.PollCompletions().Single().HostStatus);
        bench.Start(bench.WriteCcb(1, 16, [0x00, 0, 0, 0, 0, 0], 3, 0));
        Assert.AreEqual(0x1A, bench.PollCompletions().Single().HostStatus);
    }

    [TestMethod]
    public void An_unknown_outgoing_action_code_is_answered_with_its_own_status()
    {
        using var bench = Ready();
        bench.Start(bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0), action: 9);
        Assert.AreEqual(0x15, bench.PollCompletions().Single().HostStatus);
    }

    [TestMethod]
    public void An_abort_ends_a_queued_CCB_and_finds_nothing_for_a_completed_one()
    {
        using var bench = Ready(latency: 5);
        var ccb = bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 3, 0);
        bench.Start(ccb);
        bench.Start(ccb, action: 2);
        var done = bench.PollCompletions();
        Assert.AreEqual(((uint)ccb, (byte)0, (byte)0, (byte)2), done.Single(), "aborted at host request");

        bench.Start(ccb, action: 2);
        Assert.AreEqual(3, bench.PollCompletions().Single().Completion, "abort: CCB not found");
    }

    [TestMethod]
    public void A_TEST_UNIT_READY_CCB_describing_a_buffer_moves_no_data()
    {
        using var bench = Ready();
        bench.WriteGuest(BusLogicBench.DataBase, new byte[2048]);
        bench.Start(bench.WriteCcb(0, 0, [0x00, 0, 0, 0, 0, 0], 0, 2048, residual: true));
        Assert.AreEqual(1, bench.PollCompletions().Single().Completion);
        Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(bench.CcbBytes(0)[4..]), "nothing was asked for, nothing is residual");
    }

    [TestMethod]
    public void Legacy_24_bit_mailboxes_and_CCBs_work_after_Initialize_Mailbox()
    {
        using var bench = new BusLogicBench();
        bench.HardwareReset();

        // ISA-era structures live below 16 MiB: here in guest RAM.
        uint mailboxes = (uint)BusLogicBench.DataBase + 0x8000;
        uint ccbAddress = (uint)BusLogicBench.DataBase + 0x9000;
        uint data = (uint)BusLogicBench.DataBase;
        bench.WriteGuest(mailboxes, new byte[16]);
        Assert.IsNotNull(bench.Command(0x01, [2, (byte)(mailboxes >> 16), (byte)(mailboxes >> 8), (byte)mailboxes]));
        Assert.AreEqual(0x10, bench.Status);
        var pattern = BusLogicBench.Pattern(512, 3);
        bench.Disk.Device.Write(512 * 9, pattern);

        var ccb = new byte[64];
        ccb[1] = 1 << 3; // target 0 (bits 7:5), data in (bits 4:3), LUN 0
        ccb[2] = 10;
        ccb[3] = 14;
        ccb[5] = 2;
        ccb[7] = (byte)(data >> 16);
        ccb[8] = (byte)(data >> 8);
        ccb[9] = (byte)data;
        Cdb.Rw10(Read10, 9, 1).CopyTo(ccb, 0x12);
        bench.WriteGuest(ccbAddress, ccb);
        bench.WriteGuest(mailboxes, [1, (byte)(ccbAddress >> 16), (byte)(ccbAddress >> 8), (byte)ccbAddress]);
        bench.Io.Write8(1, 0x02);
        Assert.AreEqual(0, bench.ReadGuest(mailboxes, 1)[0], "the outgoing mailbox is freed");
        for (int i = 0; i < 1000 && (bench.Interrupt & 1) == 0; i++)
        {
        }

        var incoming = bench.ReadGuest(mailboxes + 8, 4);
        CollectionAssert.AreEqual(new byte[] { 1, (byte)(ccbAddress >> 16), (byte)(ccbAddress >> 8), (byte)ccbAddress }, incoming, "incoming mailbox 0 follows the two 4-byte outgoing ones");
        CollectionAssert.AreEqual(pattern, bench.ReadGuest(data, 512));
    }

    internal static BusLogicBench Ready(int mailboxes = 16, int latency = 1, bool strictRoundRobin = true, int[]? targetIds = null, int? hang = null)
    {
        var bench = new BusLogicBench(new Bt958Options { CompletionLatency = latency, HangRequestNumber = hang, CrashState = ControllerCrashState.PowerOn }, targetIds);
        Assert.AreEqual(0x30, bench.HardwareReset());
        bench.InitializeExtendedMailboxes(mailboxes, strictRoundRobin);
        return bench;
    }
}
