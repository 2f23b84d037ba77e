using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Pvscsi;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.Pvscsi;

[TestClass]
public sealed class PvscsiRegisterTests
{
    [TestMethod]
    public void The_adapter_is_a_vmware_pvscsi_function_with_one_32_KiB_mmio_bar()
    {
        using var bench = new PvscsiBench(setup: false);
        var pci = bench.Controller.Pci;
        Assert.AreEqual((ushort)0x15AD, pci.VendorId);
        Assert.AreEqual((ushort)0x07C0, pci.DeviceId);
        Assert.AreEqual(0x010000u, pci.ClassCode);
        Assert.HasCount(1, bench.Controller.RegisterSpaces);
        Assert.AreEqual(0x8000, bench.Registers.Length);
        Assert.IsTrue(bench.Registers.IsMemoryMapped);
        Assert.IsNull(bench.Controller.Fault);
        Assert.IsFalse(bench.Controller.InterruptAsserted);
    }

    [TestMethod]
    public void Setup_rings_zeroes_the_indices_and_reports_the_ring_sizes()
    {
        using var bench = new PvscsiBench(requestPages: 2, completionPages: 4, setup: false);
        bench.State.Span.Fill(0xAB);
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.AdapterReset));
        Assert.AreEqual(0u, bench.SetupRings(), bench.Controller.LastError);
        Assert.AreEqual(0u, bench.RequestProducer);
        Assert.AreEqual(0u, bench.RequestConsumer);
        Assert.AreEqual(0u, bench.CompletionProducer);
        Assert.AreEqual(0u, bench.CompletionConsumer);
        Assert.AreEqual(6u, bench.RequestEntriesLog2, "2 pages of 32 requests");
        Assert.AreEqual(9u, bench.CompletionEntriesLog2, "4 pages of 128 completions");
    }

    [TestMethod]
    [DataRow(PvscsiSpec.IssueScsi)]
    [DataRow(PvscsiSpec.Config)]
    [DataRow(PvscsiSpec.DeviceUnplug)]
    [DataRow(PvscsiSpec.SetupRequestCallThreshold)]
    [DataRow(PvscsiSpec.GetMaxTargets)]
    [DataRow(0u)]
    [DataRow(12u)]
    [DataRow(0xDEAD_BEEFu)]
    public void Unsupported_commands_and_probes_answer_minus_one(uint command)
    {
        using var bench = new PvscsiBench();
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.Command(command));

        // The probe must not disturb the rings: I/O still works afterwards.
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(new TestRequest { Context = 9 }).HostStatus);
    }

    [TestMethod]
    public void Config_with_its_descriptor_still_answers_minus_one()
    {
        using var bench = new PvscsiBench();
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.Command(PvscsiSpec.Config, 0x1000, 0, 0x2000, 0, 1, 0));
    }

    [TestMethod]
    public void A_command_reports_not_enough_data_until_its_descriptor_has_arrived()
    {
        using var bench = new PvscsiBench(setup: false);
        Assert.AreEqual(PvscsiSpec.StatusNotEnoughData, bench.Command(PvscsiSpec.SetupRings, 1, 1, 0));
        Assert.AreEqual(PvscsiSpec.StatusNotEnoughData, bench.Command(PvscsiSpec.ResetDevice, 0, 0));
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.ResetDevice, 0, 0, 0));

        // Data without a command runs the unknown-command handler.
        bench.Registers.Write32(PvscsiSpec.CommandData, 5);
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.Registers.Read32(PvscsiSpec.CommandStatus));
    }

    [TestMethod]
    [DataRow(3u, 1u)]
    [DataRow(1u, 6u)]
    [DataRow(0u, 1u)]
    [DataRow(1u, 0u)]
    [DataRow(64u, 1u)]
    public void Ring_sizes_that_are_not_powers_of_two_from_1_to_32_are_refused(uint requestPages, uint completionPages)
    {
        using var bench = new PvscsiBench();
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.SetupRings(requestPages, completionPages));
        StringAssert.Contains(bench.Controller.LastError, "powers of two");

        // The previous rings stay in use.
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(new TestRequest { Context = 3 }).HostStatus);
    }

    [TestMethod]
    public void Ring_pages_outside_memory_are_refused()
    {
        using var bench = new PvscsiBench(setup: false);
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.SetupRings(ringsStatePpn: 0xA0), "rings-state page in the 640 KiB hole");
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.SetupRings(firstRequestPpn: 0xFFFF_FFFF_FFFF_F), "request page beyond memory");
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.SetupRings(ringsStatePpn: 0x0010_0000_0000_0000), "PPN that overflows an address");

        // Without rings, a kick does nothing.
        bench.Post(new TestRequest());
        bench.Kick();
        Assert.AreEqual(0u, bench.RequestConsumer);
        Assert.AreEqual(0u, bench.PollAndAcknowledge());
    }

    [TestMethod]
    public void Interrupt_status_is_write_1_to_clear_and_the_mask_enables_the_line()
    {
        using var bench = new PvscsiBench();
        Assert.AreEqual(0u, bench.Registers.Read32(PvscsiSpec.InterruptMask));
        bench.Submit(new TestRequest());
        Assert.AreEqual(PvscsiSpec.Completion0, bench.Registers.Read32(PvscsiSpec.InterruptStatus), "status latches with the mask clear");
        Assert.IsFalse(bench.Controller.InterruptAsserted, "a zero enable mask keeps the line low");

        bench.Registers.Write32(PvscsiSpec.InterruptMask, 0xF);
        Assert.AreEqual(0xFu, bench.Registers.Read32(PvscsiSpec.InterruptMask));
        Assert.IsTrue(bench.Controller.InterruptAsserted);
        bench.Registers.Write32(PvscsiSpec.InterruptMask, 0x2);
        Assert.IsFalse(bench.Controller.InterruptAsserted, "CMPL_0 is not enabled by 0x2");
        bench.Registers.Write32(PvscsiSpec.InterruptMask, 0xF);

        bench.Registers.Write32(PvscsiSpec.InterruptStatus, 0x2);
        Assert.AreEqual(PvscsiSpec.Completion0, bench.Registers.Read32(PvscsiSpec.InterruptStatus), "writing 1 to another bit leaves CMPL_0");
        bench.Registers.Write32(PvscsiSpec.InterruptStatus, 0);
        Assert.AreEqual(PvscsiSpec.Completion0, bench.Registers.Read32(PvscsiSpec.InterruptStatus), "writing 0 clears nothing");
        bench.Registers.Write32(PvscsiSpec.InterruptStatus, PvscsiSpec.Completion0);
        Assert.AreEqual(0u, bench.Registers.Read32(PvscsiSpec.InterruptStatus));
        Assert.IsFalse(bench.Controller.InterruptAsserted);
    }

    [TestMethod]
    public void Registers_decode_dwords_only()
    {
        using var bench = new PvscsiBench();
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.Command(PvscsiSpec.GetMaxTargets));
        Assert.AreEqual((byte)0xFF, bench.Registers.Read8(PvscsiSpec.CommandStatus + 3));
        Assert.AreEqual((ushort)0xFFFF, bench.Registers.Read16(PvscsiSpec.CommandStatus + 2));

        bench.Registers.Write8(PvscsiSpec.InterruptMask, 0xF);
        bench.Registers.Write16(PvscsiSpec.InterruptMask, 0xF);
        Assert.AreEqual(0u, bench.Registers.Read32(PvscsiSpec.InterruptMask), "narrow writes are dropped");
        Assert.AreEqual(0u, bench.Registers.Read32(PvscsiSpec.InterruptMask + 1), "unaligned dword");
        Assert.AreEqual(0u, bench.Registers.Read32(0x7FFC), "unimplemented register");
        Assert.AreEqual(0u, bench.Registers.Read32(0x9000), "beyond the BAR");
        bench.Registers.Write32(0x9000, 1);
    }

    [TestMethod]
    public void Power_on_reset_forgets_rings_mask_and_status()
    {
        using var bench = new PvscsiBench();
        bench.Registers.Write32(PvscsiSpec.InterruptMask, 0xF);
        bench.Submit(new TestRequest());
        Assert.IsTrue(bench.Controller.InterruptAsserted);
        bench.Controller.Reset();
        Assert.IsFalse(bench.Controller.InterruptAsserted);
        Assert.AreEqual(0u, bench.Registers.Read32(PvscsiSpec.InterruptMask));
        Assert.AreEqual(0u, bench.Registers.Read32(PvscsiSpec.InterruptStatus));
        Assert.IsNull(bench.Controller.LastError);
        bench.Post(new TestRequest { Context = 2 });
        bench.Kick(false);
        Assert.AreEqual(1u, bench.RequestConsumer, "the second request stays in the ring: no rings after reset");
    }

    [TestMethod]
    public void Constructor_rejects_bad_target_maps_and_options()
    {
        using var disk = new ScsiDisk(1L << 20);
        using var space = new PhysicalAddressSpace(new SyntheticMemory(1L << 20));
        Assert.ThrowsExactly<ArgumentException>(() => new PvscsiController(space, new Dictionary<int, IScsiTarget> { [64] = disk.Target }));
        Assert.ThrowsExactly<ArgumentException>(() => new PvscsiController(space, new Dictionary<int, IScsiTarget> { [-1] = disk.Target }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PvscsiController(space, new Dictionary<int, IScsiTarget>(), new PvscsiOptions { CompletionLatency = -1 }));
    }
}
