using System.Buffers.Binary;
using DumpFramework.Hardware.Ide;
using static DumpFramework.Hardware.Tests.Ide.IdeRig;

namespace DumpFramework.Hardware.Tests.Ide;

[TestClass]
public sealed class IdeDmaTests
{
    [TestMethod]
    public void Read_dma_fills_two_64_kib_regions_with_byte_count_0()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 2 });
        var data = Pattern(256 * 512, 11);
        rig.Disk.Write(300 * 512, data);
        var first = rig.Buffer(0x10000);
        var second = rig.Buffer(0x10000);
        var table = rig.PrdTable((first.PhysicalAddress, 0), (second.PhysicalAddress, 0));
        rig.Control.Write8(0, 0x02);
        rig.Dma(table, read: true, 0xC8, () => rig.Lba28(300, 0));
        Assert.AreEqual(0x01, rig.BmStatus & 0x01, "Active while the transfer is pending");
        var (status, bm) = rig.WaitDma();
        Assert.AreEqual(0x50, status);
        Assert.AreEqual(0, bm & 0x07, "exact PRDs: Active clear, no error, no interrupt with nIEN set");
        CollectionAssert.AreEqual(data[..0x10000], first.Span.ToArray());
        CollectionAssert.AreEqual(data[0x10000..], second.Span.ToArray());
    }

    [TestMethod]
    public void Write_dma_ext_with_interrupts_on_sets_the_bm_interrupt_bit()
    {
        using var rig = new IdeRig();
        var source = rig.Buffer(8192);
        Pattern(8192, 12).CopyTo(source.Span);
        var table = rig.PrdTable((source.PhysicalAddress, 4096), (source.PhysicalAddress + 4096, 4096));
        rig.Dma(table, read: false, 0x35, () => rig.Lba48(0x20, 16));
        var (status, bm) = rig.WaitDma();
        Assert.AreEqual(0x50, status);
        Assert.AreEqual(0x04, bm & 0x07, "Interrupt set, Active clear");
        CollectionAssert.AreEqual(source.Span.ToArray(), rig.ReadImage(0x20 * 512, 8192));
    }

    [TestMethod]
    public void Start_set_before_the_command_runs_the_transfer_when_the_device_is_ready()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 1 });
        var target = rig.Buffer(512);
        rig.Disk.Write(0, Pattern(512, 13));
        var table = rig.PrdTable((target.PhysicalAddress, 512));
        rig.BusMaster.Write32(4, (uint)table.PhysicalAddress);
        rig.BusMaster.Write8(0, 0x09);
        rig.Lba28(0, 1);
        rig.Issue(0xC8);
        var (status, _) = rig.WaitDma();
        Assert.AreEqual(0x50, status);
        CollectionAssert.AreEqual(Pattern(512, 13), target.Span.ToArray());
    }

    [TestMethod]
    public void A_prd_table_larger_than_the_transfer_leaves_active_set_until_start_is_cleared()
    {
        using var rig = new IdeRig();
        var target = rig.Buffer(0x4000);
        var table = rig.PrdTable((target.PhysicalAddress, 0x2000), (target.PhysicalAddress + 0x2000, 0x2000));
        rig.Dma(table, read: true, 0xC8, () => rig.Lba28(0, 4));
        Assert.AreEqual(0x50, rig.AltStatus, "the device is done");
        Assert.AreEqual(0x05, rig.BmStatus & 0x07, "Active stays set, Interrupt set");
        rig.BusMaster.Write8(0, 0x08);
        Assert.AreEqual(0x04, rig.BmStatus & 0x07, "clearing Start clears Active");
    }

    [TestMethod]
    public void A_prd_table_too_short_clears_active_raises_no_interrupt_and_leaves_the_device_waiting()
    {
        using var rig = new IdeRig();
        var target = rig.Buffer(0x1000);
        var table = rig.PrdTable((target.PhysicalAddress, 0x400));
        rig.Dma(table, read: true, 0xC8, () => rig.Lba28(0, 4));

        // SFF-8038i: Interrupt 0 with Active 0 is the "PRDs smaller than the transfer" error; no Error bit (QEMU: BM status 0).
        Assert.AreEqual(0x00, rig.BmStatus & 0x07, "Active, Error and Interrupt all clear");
        Assert.IsFalse(rig.Controller.InterruptAsserted, "no INTRQ: the driver must time out");
        Assert.AreEqual(Drdy | Drq, rig.AltStatus & (Bsy | Drdy | Drq | Err), "the device still waits for the rest of its DMA");
        StringAssert.Contains(rig.Controller.Fault, "ended");
        CollectionAssert.AreEqual(rig.ReadImage(0, 0x400), target.Span[..0x400].ToArray(), "what the PRDs covered arrived");

        // Polling stays like this; only a channel reset (SRST) recovers, and then the channel works again.
        for (int poll = 0; poll < 100; poll++)
        {
            Assert.AreEqual(Drdy | Drq, rig.AltStatus & (Bsy | Drdy | Drq | Err));
        }

        Assert.IsFalse(rig.Controller.InterruptAsserted);
        AssertSoftResetRecovers(rig);
    }

    [TestMethod]
    public void Dma_into_memory_outside_the_guest_is_a_master_abort_without_an_interrupt()
    {
        using var rig = new IdeRig();
        var target = rig.Buffer(0x1000);

        // The second region is in a hole of the 16 MiB synthetic memory.
        var table = rig.PrdTable((target.PhysicalAddress, 0x200), (0x4000_0000, 0x600));
        rig.Dma(table, read: true, 0xC8, () => rig.Lba28(0, 4));
        Assert.AreEqual(0x02, rig.BmStatus & 0x07, "Error set, Active and Interrupt clear");
        Assert.IsFalse(rig.Controller.InterruptAsserted, "no INTRQ: the driver must time out");
        Assert.AreEqual(0, rig.AltStatus & Err, "the device saw no error");
        Assert.AreNotEqual(0, rig.AltStatus & Drq, "it still waits for its data phase");
        StringAssert.Contains(rig.Controller.Fault, "unmapped");
        AssertSoftResetRecovers(rig);
    }

    /// <summary>SRST (the driver's recovery after its timeout) ends the stuck transfer; a READ DMA then works.</summary>
    private static void AssertSoftResetRecovers(IdeRig rig)
    {
        rig.BusMaster.Write8(0, 0x08);
        rig.BusMaster.Write8(2, 0x06);
        rig.Control.Write8(0, 0x04);
        rig.Control.Write8(0, 0x00);
        Assert.AreEqual(Drdy, rig.WaitNotBusy() & (Drdy | Drq | Err));
        var buffer = rig.Buffer(0x1000);
        rig.Dma(rig.PrdTable((buffer.PhysicalAddress, 0x800)), read: true, 0xC8, () => rig.Lba28(0, 4));
        var (status, bm) = rig.WaitDma();
        Assert.AreEqual(Drdy, status & (Drdy | Drq | Err | Bsy));
        Assert.AreEqual(0x04, bm & 0x07, "Interrupt, Active clear");
    }

    [TestMethod]
    public void A_region_crossing_a_64_kib_boundary_is_a_bus_master_error()
    {
        using var rig = new IdeRig();
        var target = rig.Buffer(0x20000);
        var table = rig.PrdTable((target.PhysicalAddress + 0xFE00, 0x400));
        rig.Dma(table, read: true, 0xC8, () => rig.Lba28(0, 2));
        Assert.AreEqual(Drdy | Drq, rig.AltStatus & (Bsy | Drdy | Drq | Err), "no device error: it waits");
        Assert.AreEqual(0x02, rig.BmStatus & 0x07, "Error only");
        Assert.IsFalse(rig.Controller.InterruptAsserted);
        StringAssert.Contains(rig.Controller.Fault, "64 KiB");
    }

    [TestMethod]
    public void A_prd_table_running_over_a_64_kib_boundary_is_a_bus_master_error()
    {
        using var rig = new IdeRig();
        var page = rig.Buffer(0x20000);
        var target = rig.Buffer(0x1000);
        // One entry without EOT at the last 8 bytes of a 64 KiB block: the next fetch would cross.
        ulong tableAddress = page.PhysicalAddress + 0xFFF8;
        var span = page.Span[0xFFF8..];
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)target.PhysicalAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 0x200);
        rig.BusMaster.Write32(4, (uint)tableAddress);
        rig.BusMaster.Write8(0, 0x08);
        rig.Lba28(0, 2);
        rig.Issue(0xC8);
        rig.BusMaster.Write8(0, 0x09);
        Assert.AreEqual(Drdy | Drq, rig.AltStatus & (Bsy | Drdy | Drq | Err), "no device error: it waits");
        Assert.AreEqual(0x02, rig.BmStatus & 0x07, "Error only");
        Assert.IsFalse(rig.Controller.InterruptAsserted);
        StringAssert.Contains(rig.Controller.Fault, "PRD table");
    }

    [TestMethod]
    public void Dma_to_unmapped_memory_is_a_bus_master_error_not_an_exception()
    {
        using var rig = new IdeRig();
        // The synthetic memory is 16 MiB; 0x4000_0000 is a hole.
        var table = rig.PrdTable((0x4000_0000, 0x200));
        rig.Dma(table, read: true, 0xC8, () => rig.Lba28(0, 1));
        Assert.AreEqual(Drdy | Drq, rig.AltStatus & (Bsy | Drdy | Drq | Err), "no device error: it waits");
        Assert.AreEqual(0x02, rig.BmStatus & 0x07, "Error only");
        Assert.IsFalse(rig.Controller.InterruptAsserted);
        StringAssert.Contains(rig.Controller.Fault, "unmapped");
    }

    [TestMethod]
    public void A_prd_table_in_unmapped_memory_is_a_bus_master_error()
    {
        using var rig = new IdeRig();
        rig.BusMaster.Write32(4, 0x5000_0000);
        rig.BusMaster.Write8(0, 0x00);
        rig.Lba28(0, 1);
        rig.Issue(0xCA);
        rig.BusMaster.Write8(0, 0x01);
        Assert.AreEqual(Drdy | Drq, rig.AltStatus & (Bsy | Drdy | Drq | Err), "no device error: it waits");
        Assert.AreEqual(0x02, rig.BmStatus & 0x07, "Error only");
        Assert.IsFalse(rig.Controller.InterruptAsserted);
    }

    [TestMethod]
    public void The_wrong_direction_bit_is_a_bus_master_error()
    {
        using var rig = new IdeRig();
        var target = rig.Buffer(0x1000);
        var table = rig.PrdTable((target.PhysicalAddress, 0x200));
        rig.Dma(table, read: false, 0xC8, () => rig.Lba28(0, 1));
        Assert.AreEqual(Drdy | Drq, rig.AltStatus & (Bsy | Drdy | Drq | Err), "no device error: it waits");
        Assert.AreEqual(0x02, rig.BmStatus & 0x07, "Error only");
        Assert.IsFalse(rig.Controller.InterruptAsserted);
        StringAssert.Contains(rig.Controller.Fault, "direction");
    }

    [TestMethod]
    public void Dma_waits_with_drq_until_start_and_the_prd_pointer_is_dword_aligned()
    {
        using var rig = new IdeRig();
        rig.BusMaster.Write32(4, 0x1234_5677);
        Assert.AreEqual(0x1234_5674u, rig.BusMaster.Read32(4));
        var target = rig.Buffer(0x1000);
        var table = rig.PrdTable((target.PhysicalAddress, 0x200));
        rig.BusMaster.Write32(4, (uint)table.PhysicalAddress);
        rig.BusMaster.Write8(0, 0x08);
        rig.Lba28(0, 1);
        rig.Issue(0xC8);
        Assert.AreEqual(0x58, rig.AltStatus, "waiting for the bus master");
        Assert.AreEqual(0, rig.BmStatus & 0x01);
        rig.BusMaster.Write8(0, 0x09);
        Assert.AreEqual(0x50, rig.AltStatus);
    }

    [TestMethod]
    public void An_uncorrectable_sector_stops_the_dma_with_unc_after_the_good_sectors()
    {
        using var rig = new IdeRig(options: new PiixIdeOptions { CompletionLatency = 0, UncorrectableSectors = new HashSet<long> { 5 } });
        var data = Pattern(8 * 512, 14);
        rig.Disk.Write(0, data);
        var target = rig.Buffer(0x1000);
        var table = rig.PrdTable((target.PhysicalAddress, 0x1000));
        rig.Dma(table, read: true, 0xC8, () => rig.Lba28(0, 8));
        Assert.AreEqual(Drdy | Err, rig.AltStatus);
        Assert.AreEqual(Unc, rig.Error);
        Assert.AreEqual(5, rig.Command.Read8(3));
        Assert.AreEqual(3, rig.Command.Read8(2));
        Assert.AreEqual(0, rig.BmStatus & 0x03, "the engine stopped without a bus error");
        CollectionAssert.AreEqual(data[..(5 * 512)], target.Span[..(5 * 512)].ToArray());
    }

    [TestMethod]
    public void Dma_past_the_end_fails_with_idnf_before_moving_data()
    {
        using var rig = new IdeRig(size: 1L << 20);
        var target = rig.Buffer(0x1000);
        var table = rig.PrdTable((target.PhysicalAddress, 0x1000));
        rig.Dma(table, read: false, 0xCA, () => rig.Lba28(2046, 4));
        Assert.AreEqual(Drdy | Err, rig.AltStatus);
        Assert.AreEqual(Idnf, rig.Error);
        Assert.AreEqual(0, rig.Disk.Writes);
    }
}
