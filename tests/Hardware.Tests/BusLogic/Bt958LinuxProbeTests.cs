using System.Buffers.Binary;
using DumpFramework.Hardware.BusLogic;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.BusLogic;

/// <summary>
/// Linux BusLogic's probe and initialization of a PCI MultiMaster adapter (blogic_init_mm_probeinfo, blogic_probe,
/// blogic_hwreset, blogic_checkadapter, blogic_rdconfig, blogic_initadapter, blogic_inquiry) replayed step by step
/// against the model, each reply checked as the driver reads it. The table in Hardware/BusLogic/README.md lists the
/// same steps.
/// </summary>
[TestClass]
public sealed class Bt958LinuxProbeTests
{
    [TestMethod]
    public void The_Linux_probe_and_initialization_sequence_configures_a_BT_958_and_reads_through_it()
    {
        using var bench = new BusLogicBench(targetIds: [0, 3]);

        // blogic_init_mm_probeinfo: interrupt reset, Inquire PCI Host Adapter Information, Modify I/O Address
        // (disable the ISA port: no CMDC), Fetch Local RAM byte 45 of AutoSCSI (no CMDC), Inquire Board ID.
        bench.AcknowledgeInterrupt();
        var pciInfo = bench.Command(0x86, [], 4)!;
        CollectionAssert.AreEqual(new byte[] { 0xFF, 11, 0x93, 0 }, pciInfo, "ISA port disabled, IRQ 11, terminated, information valid");
        Assert.IsNotNull(bench.Command(0x95, [6], 0, out _, expectCommandComplete: false));
        Assert.AreEqual(0, bench.Interrupt, "Modify I/O Address raises no CMDC");
        var byte45 = bench.Command(0x91, [64 + 45, 1], 1, out _, expectCommandComplete: false)!;
        CollectionAssert.AreEqual(new byte[] { 0 }, byte45, "force scan order off");
        Assert.AreEqual(0, bench.Interrupt, "Fetch Local RAM raises no CMDC");
        var boardId = bench.Command(0x04, [], 4)!;
        Assert.AreEqual("AA50", System.Text.Encoding.ASCII.GetString(boardId));

        // blogic_probe: status, interrupt and geometry look like a BusLogic.
        byte status = bench.Status;
        Assert.AreNotEqual(0, status);
        Assert.AreEqual(0, status & 0x8B, "no DACT, CPRBSY, reserved bit or CMDINV");
        Assert.AreEqual(0, bench.Interrupt & 0x70, "reserved interrupt bits clear");
        Assert.AreNotEqual(0xFF, bench.Geometry);

        // blogic_hwreset(hard): DACT set, then clear, then HARDY without DFAIL.
        Assert.AreEqual(0x30, bench.HardwareReset(), "ready, initialization required");

        // blogic_checkadapter: Inquire Extended Setup Information must answer 14 bytes.
        var extended = bench.Command(0x8D, [14], 14)!;
        Assert.HasCount(14, extended);

        // blogic_rdconfig.
        CollectionAssert.AreEqual(boardId, bench.Command(0x04, [], 4));
        var configuration = bench.Command(0x0B, [], 3)!;
        Assert.AreEqual(7, configuration[2] & 0x0F, "host adapter SCSI ID");
        Assert.AreEqual(0x04, configuration[1] & 0x04, "IRQ 11");
        var setup = bench.Command(0x0D, [34], 34)!;
        Assert.HasCount(34, setup);
        Assert.AreEqual((byte)'B', setup[17]);
        Assert.AreEqual((byte)'D', setup[18]);
        Assert.AreEqual((byte)'E', extended[0], "bus type");
        Assert.AreEqual(8192, BinaryPrimitives.ReadUInt16LittleEndian(extended.AsSpan(2)), "SG limit");
        Assert.AreEqual(0x40, extended[9] & 0x40, "level-sensitive interrupt");
        Assert.AreEqual(0x09, extended[13] & 0x09, "wide and ultra");
        CollectionAssert.AreEqual(new[] { (byte)'7' }, bench.Command(0x84, [], 1));
        Assert.AreEqual("958D ", System.Text.Encoding.ASCII.GetString(bench.Command(0x8B, [5], 5)!));
        CollectionAssert.AreEqual(new[] { (byte)'B' }, bench.Command(0x85, [], 1), "firmware 5.07B");
        CollectionAssert.AreEqual(pciInfo, bench.Command(0x86, [], 4));
        var autoScsi = bench.Command(0x91, [64, 64], 64, out _, expectCommandComplete: false)!;
        Assert.HasCount(64, autoScsi);
        Assert.AreEqual(0x02, autoScsi[15] & 0x02, "parity checking");
        Assert.AreEqual(0xFFFF, BinaryPrimitives.ReadUInt16LittleEndian(autoScsi.AsSpan(27)), "disconnect permitted");
        Assert.AreEqual(0x80, bench.Geometry & 0x80, "extended translation");

        // blogic_initadapter: 211 extended mailboxes (BLOGIC_MAX_MAILBOX), strict round-robin, extended LUN CCBs.
        var mailboxes = bench.Space.AllocateBuffer(211 * 16, 4096, below4GiB: true);
        var request = new byte[5];
        request[0] = 211;
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(1), (uint)mailboxes.PhysicalAddress);
        Assert.IsNotNull(bench.Command(0x81, request));
        Assert.AreEqual(0x10, bench.Status, "ready, initialization no longer required");
        Assert.IsNotNull(bench.Command(0x8F, [1]));
        Assert.IsNotNull(bench.Command(0x96, [1]));

        // blogic_inquiry: Inquire Target Devices (firmware 4.25 and later), setup information, synchronous period.
        var targets = bench.Command(0x24, [], 2)!;
        Assert.AreEqual(0b1001, BinaryPrimitives.ReadUInt16LittleEndian(targets));
        Assert.HasCount(34, bench.Command(0x0D, [34], 34)!);
        Assert.HasCount(16, bench.Command(0x8C, [16], 16)!);
        var setupAfter = bench.Command(0x0D, [34], 34)!;
        Assert.AreEqual(211, setupAfter[4], "mailbox count");

        // blogic_qcmd: an SG CCB in the first outgoing mailbox, execute mailbox command, IMBL, scan the inbox.
        bench.Disk.Device.Write(8 * 512, BusLogicBench.Pattern(4096, 5));
        var ccb = bench.Space.AllocateBuffer(4096, 4096, below4GiB: true);
        var span = ccb.Span;
        span[0] = 0x02;
        span[1] = 1 << 3;
        span[2] = 10;
        span[3] = 32;
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)ccb.PhysicalAddress + 64);
        BinaryPrimitives.WriteUInt32LittleEndian(span[64..], 1024);
        BinaryPrimitives.WriteUInt32LittleEndian(span[68..], (uint)BusLogicBench.DataBase + 3072);
        BinaryPrimitives.WriteUInt32LittleEndian(span[72..], 3072);
        BinaryPrimitives.WriteUInt32LittleEndian(span[76..], (uint)BusLogicBench.DataBase);
        span[0x10] = 0;
        Cdb.Rw10(0x28, 8, 8).CopyTo(span[0x12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x24..], (uint)ccb.PhysicalAddress + 192);
        BinaryPrimitives.WriteUInt32LittleEndian(mailboxes.Span, (uint)ccb.PhysicalAddress);
        mailboxes.Span[7] = 1;
        bench.Io.Write8(1, 0x02);
        Assert.AreEqual(0, mailboxes.Span[7], "the adapter frees the outgoing mailbox once it has read it");

        byte interrupt = 0;
        // The default latency (100 µs) passes as the driver polls: each register read is a microsecond of bus time.
        for (int poll = 0; poll < 1000 && (interrupt & 0x01) == 0; poll++)
        {
            interrupt = bench.Interrupt;
        }

        Assert.AreEqual(0x81, interrupt, "INTV and IMBL");
        bench.AcknowledgeInterrupt();
        var inbox = mailboxes.Span.Slice(211 * 8, 8);
        Assert.AreEqual((uint)ccb.PhysicalAddress, BinaryPrimitives.ReadUInt32LittleEndian(inbox));
        Assert.AreEqual(1, inbox[7], "completed without error");
        var data = bench.ReadGuest(BusLogicBench.DataBase, 4096);
        var expected = BusLogicBench.Pattern(4096, 5);
        CollectionAssert.AreEqual(expected[..1024], data[3072..]);
        CollectionAssert.AreEqual(expected[1024..], data[..3072]);
    }

    [TestMethod]
    public void A_failed_command_is_reported_as_Linux_expects_so_no_soft_reset_follows()
    {
        using var bench = new BusLogicBench();
        Assert.IsNull(bench.Command(0x20, [], 0), "host adapter diagnostic is not in the BT-958 set the model runs");

        // blogic_cmd soft-resets only if the status still looks wrong after the interrupt reset.
        Assert.AreEqual(0x30, bench.Status);
    }

    [TestMethod]
    public void The_host_adapter_refuses_commands_while_diagnostics_run()
    {
        using var bench = new BusLogicBench(new Bt958Options { CrashState = ControllerCrashState.PowerOn });
        bench.Control(0x80);
        bench.Io.Write8(1, 0x00);
        Assert.AreEqual(0x80, bench.Status);
        Assert.AreEqual(0x80, bench.Status);
        Assert.AreEqual(0x30, bench.Status);
        Assert.AreEqual(0, bench.Interrupt, "the test CMDC written during diagnostics was not taken");
    }
}
