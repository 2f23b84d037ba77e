using System.Buffers.Binary;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Tests.Ide;
using DumpFramework.Hardware.Tests.Pvscsi;

namespace DumpFramework.Hardware.Tests.Pci;

[TestClass]
public sealed class AdapterResourcesTests
{
    [TestMethod]
    public void Configuration_space_carries_the_identity_and_one_bar_per_register_window()
    {
        using var bench = new PvscsiBench(setup: false);
        var adapter = new EmulatedAdapterResources(bench.Controller);
        var header = new byte[PciConfigurationSpace.Size];

        Assert.AreEqual(PciConfigurationSpace.Size, adapter.ReadConfigSpace(0, header));
        Assert.AreEqual((ushort)0x15AD, BinaryPrimitives.ReadUInt16LittleEndian(header));
        Assert.AreEqual((ushort)0x07C0, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2)));
        Assert.AreEqual(0x01, header[0x0B], "base class: mass storage");
        Assert.AreEqual((ushort)0x1000, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x2E)), "subsystem ID");
        uint bar0 = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x10));
        Assert.AreEqual(0u, bar0 & 1, "the PVSCSI window is memory mapped");
        Assert.AreEqual(0u, bar0 % 0x8000, "a BAR is naturally aligned to its 32 KiB size");
        Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x14)), "one window, one BAR");
        Assert.AreEqual(0x04, header[0x04] & 0x04, "bus mastering enabled at boot");
    }

    [TestMethod]
    public void Io_windows_get_io_bars_and_reads_past_the_end_are_short()
    {
        using var rig = new IdeRig();
        var adapter = new EmulatedAdapterResources(rig.Controller);
        var bars = new byte[12];
        Assert.AreEqual(12, adapter.ReadConfigSpace(0x10, bars));
        for (int bar = 0; bar < 3; bar++)
        {
            Assert.AreEqual(1u, BinaryPrimitives.ReadUInt32LittleEndian(bars.AsSpan(4 * bar)) & 1, $"BAR{bar} decodes I/O");
        }

        var tail = new byte[16];
        Assert.AreEqual(8, adapter.ReadConfigSpace(PciConfigurationSpace.Size - 8, tail));
        Assert.AreEqual(0, adapter.ReadConfigSpace(PciConfigurationSpace.Size, tail));
        Assert.AreEqual(0, adapter.ReadConfigSpace(-1, tail));
    }

    [TestMethod]
    public void A_healthy_adapter_is_described_by_its_model_and_the_view_offers_no_reset()
    {
        using var bench = new PvscsiBench(setup: false);
        var adapter = new EmulatedAdapterResources(bench.Controller);
        Assert.AreEqual(bench.Controller.Model, adapter.Description);
        Assert.IsNull(typeof(DumpFramework.Abstractions.Port.IAdapterResources).GetMethod("Reset"), "resetting the device stays host-side");
    }
}
