using DumpFramework.Hardware.BusLogic;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Tests.BusLogic;

/// <summary>The host adapter command protocol: invalid opcodes and parameters (CMDINV), replies and their lengths.</summary>
[TestClass]
public sealed class Bt958CommandTests
{
    [TestMethod]
    [DataRow((byte)0x03, DisplayName = "execute BIOS command")]
    [DataRow((byte)0x1A, DisplayName = "write adapter local RAM")]
    [DataRow((byte)0x83, DisplayName = "execute SCSI command")]
    [DataRow((byte)0xFF, DisplayName = "no such opcode")]
    public void An_invalid_opcode_completes_at_once_with_CMDINV_and_takes_no_parameters(byte opcode)
    {
        using var bench = new BusLogicBench();
        Assert.IsNull(bench.Command(opcode, [1, 2, 3], 0, out int left));
        Assert.AreEqual(3, left, "Linux: Excess Parameters Supplied");
        Assert.AreEqual(0x30, bench.Status, "the interrupt reset cleared CMDINV");
        Assert.IsNotNull(bench.Controller.LastError);
        CollectionAssert.AreEqual(new[] { (byte)'7' }, bench.Command(0x84, [], 1), "the next command works");
    }

    [TestMethod]
    public void CMDINV_stays_set_until_the_interrupt_reset()
    {
        using var bench = new BusLogicBench();
        bench.Io.Write8(1, 0xFF);
        Assert.AreEqual(0x31, bench.Status, "ready, initialization required, command invalid");
        Assert.AreEqual(0x84, bench.Interrupt, "INTV and CMDC");
        bench.AcknowledgeInterrupt();
        Assert.AreEqual(0x30, bench.Status);
    }

    [TestMethod]
    [DataRow((byte)0x8F, (byte)2, DisplayName = "strict round-robin mode 2")]
    [DataRow((byte)0x96, (byte)7, DisplayName = "CCB format 7")]
    [DataRow((byte)0x05, (byte)2, DisplayName = "outgoing mailbox available interrupt 2")]
    [DataRow((byte)0x95, (byte)8, DisplayName = "ISA port code 8")]
    [DataRow((byte)0x8B, (byte)65, DisplayName = "model number reply longer than the buffer")]
    [DataRow((byte)0x8C, (byte)200, DisplayName = "synchronous period reply longer than the buffer")]
    public void An_invalid_parameter_completes_with_CMDINV(byte opcode, byte parameter)
    {
        using var bench = new BusLogicBench();
        Assert.IsNull(bench.Command(opcode, [parameter], 64, out int left));
        Assert.AreEqual(0, left);
        Assert.IsNotNull(bench.Controller.LastError);
    }

    [TestMethod]
    public void Initialize_extended_mailbox_with_no_mailboxes_is_invalid_and_leaves_initialization_required()
    {
        using var bench = new BusLogicBench();
        Assert.IsNull(bench.Command(0x81, [0, 0, 0, 0x10, 0]));
        Assert.AreEqual(0x30, bench.Status);
    }

    [TestMethod]
    public void Replies_are_as_long_as_the_driver_asks_and_zero_padded()
    {
        using var bench = new BusLogicBench();
        var model = bench.Command(0x8B, [8], 8)!;
        CollectionAssert.AreEqual("958D \0\0\0"u8.ToArray(), model);
        CollectionAssert.AreEqual(new byte[] { 0x03, 0 }, bench.Command(0x0D, [2], 2), "setup information cut to two bytes");
        Assert.AreEqual(0x5A, bench.Command(0x1F, [0x5A], 1)![0], "echo");
        CollectionAssert.AreEqual(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, bench.Command(0x0A, [], 8), "installed devices 0-7: target 0");
        CollectionAssert.AreEqual(new byte[8], bench.Command(0x23, [], 8), "installed devices 8-15");
    }

    [TestMethod]
    public void A_reply_read_in_full_ends_with_CMDC_and_HARDY()
    {
        using var bench = new BusLogicBench();
        bench.Io.Write8(1, 0x04);
        Assert.AreEqual(0x24, bench.Status, "not ready while the reply waits: DIRRDY");
        Assert.AreEqual((byte)'A', bench.Io.Read8(1));
        Assert.AreEqual((byte)'A', bench.Io.Read8(1));
        Assert.AreEqual((byte)'5', bench.Io.Read8(1));
        Assert.AreEqual(0, bench.Interrupt);
        Assert.AreEqual((byte)'0', bench.Io.Read8(1));
        Assert.AreEqual(0x30, bench.Status);
        Assert.AreEqual(0x84, bench.Interrupt);
    }

    [TestMethod]
    public void Set_adapter_options_takes_as_many_bytes_as_its_first_parameter_says()
    {
        using var bench = new BusLogicBench();
        Assert.IsNotNull(bench.Command(0x21, [3, 1, 2, 3], 0, out int left));
        Assert.AreEqual(0, left);
    }

    [TestMethod]
    public void The_io_window_mirrors_four_ports_and_the_memory_window_reads_all_ones()
    {
        using var bench = new BusLogicBench();
        Assert.AreEqual(32, bench.Io.Length);
        Assert.IsFalse(bench.Io.IsMemoryMapped);
        Assert.AreEqual(bench.Geometry, bench.Io.Read8(0x1F));
        Assert.AreEqual(0x30, bench.Io.Read8(0x1C));
        var memory = bench.Controller.RegisterSpaces[1];
        Assert.IsTrue(memory.IsMemoryMapped);
        Assert.AreEqual(0xFFFF_FFFFu, memory.Read32(0));
        Assert.AreEqual((ushort)0x104B, bench.Controller.Pci.VendorId);
        Assert.AreEqual((ushort)0x1040, bench.Controller.Pci.DeviceId);
    }

    [TestMethod]
    public void Target_IDs_outside_the_wide_bus_or_the_host_adapter_own_are_refused()
    {
        using var space = new Hardware.Memory.PhysicalAddressSpace(new Hardware.Memory.SyntheticMemory(1 << 20));
        using var disk = new Scsi.ScsiDisk(1 << 20);
        Assert.ThrowsExactly<ArgumentException>(() => new Bt958Controller(space, new Dictionary<int, IScsiTarget> { [7] = disk.Target }));
        Assert.ThrowsExactly<ArgumentException>(() => new Bt958Controller(space, new Dictionary<int, IScsiTarget> { [16] = disk.Target }));
    }
}
