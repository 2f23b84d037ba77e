using System.Text;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Host.Tests.Ports;

/// <summary>The optional parts of contract 2.0 as the real SCSI dump port drives them: HwBuildIo, the mapped data view
/// (MapBuffers), PORT_CONFIGURATION_INFORMATION's dump fields, GetBusData and HwAdapterControl.</summary>
[TestClass]
public sealed class ScsiPortContractTests
{
    private const string StorPort = "dump_storport";
    private const string ScsiPort = "dump_scsiport";

    [TestMethod]
    public void A_miniport_answers_inquiry_and_read_capacity_itself_through_the_mapped_view_and_HwStartIo_never_sees_them()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);

        // The port read the miniport's answers from its own buffers: the INQUIRY product and the capacity.
        Assert.AreEqual("SCRIPTED", bench.Port.Target!.Vendor);
        Assert.AreEqual(ScriptedScsiMiniport.Product, bench.Port.Target.Product);
        Assert.AreEqual(ScriptedScsiMiniport.BlockCount, bench.Port.Target.BlockCount);
        var calls = bench.Miniport.Calls;
        CollectionAssert.Contains(calls, "HwBuildIo 0x12");
        CollectionAssert.DoesNotContain(calls, "HwStartIo 0x12");
        CollectionAssert.DoesNotContain(calls, "HwStartIo 0x25");
        // TEST UNIT READY has no data to map: it goes on to HwStartIo.
        CollectionAssert.Contains(calls, "HwStartIo 0x00");

        // STOR_MAP_NON_READ_WRITE_BUFFERS: READ and WRITE data stays unmapped.
        Assert.AreEqual(NtStatus.Success, bench.WriteBlocks(8), bench.Port.LastError);
        CollectionAssert.AreEqual(new[] { false }, bench.Miniport.MediaRequestsMapped);
    }

    [TestMethod]
    public void Storport_maps_read_and_write_data_only_when_the_miniport_asks_for_all_buffers_including_read_write()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.AllBuffersIncludingReadWrite);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        Assert.AreEqual(NtStatus.Success, bench.WriteBlocks(8), bench.Port.LastError);
        CollectionAssert.AreEqual(new[] { true }, bench.Miniport.MediaRequestsMapped);
    }

    [TestMethod]
    public void Without_MapBuffers_nothing_is_mapped_and_the_miniport_cannot_answer_inquiry_itself()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NoBuffers);
        Assert.AreNotEqual(NtStatus.Success, bench.Port.Open());
        StringAssert.Contains(bench.Port.LastError, "INQUIRY");
        CollectionAssert.Contains(bench.Miniport.Calls, "HwStartIo 0x12");
    }

    [TestMethod]
    public void Bound_as_scsiport_there_is_no_HwBuildIo_and_MapBuffers_maps_every_data_buffer()
    {
        using var bench = ScsiPortBench.Create(ScsiPort, StorMapBuffers.AllBuffers);
        // scsiport has no HwBuildIo: INQUIRY reaches HwStartIo, which this miniport cannot answer without the device.
        Assert.AreNotEqual(NtStatus.Success, bench.Port.Open());
        Assert.IsFalse(bench.Miniport.Calls.Any(c => c.StartsWith("HwBuildIo", StringComparison.Ordinal)), string.Join(", ", bench.Miniport.Calls));
        CollectionAssert.Contains(bench.Miniport.Calls, "HwStartIo 0x12");
    }

    [TestMethod]
    public void GetBusData_gives_HwFindAdapter_the_adapters_vendor_and_device_id()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        Assert.AreEqual((bench.Adapter.Pci.VendorId, bench.Adapter.Pci.DeviceId), bench.Miniport.BusDataIds);
        Assert.AreEqual((ushort)0x1000, bench.Miniport.BusDataIds!.Value.VendorId);
    }

    [TestMethod]
    public void The_requested_dump_buffer_is_provided_before_HwInitialize_and_the_miniport_dump_data_is_passed_on()
    {
        byte[] handedOver = Encoding.ASCII.GetBytes("boot-time state");
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers, m => m.RequestedDumpBufferSize = 64 * 1024, handedOver);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        Assert.IsGreaterThanOrEqualTo(64 * 1024, bench.Miniport.DumpRegionAtInitialize);
        CollectionAssert.AreEqual(handedOver, bench.Miniport.MiniportDumpData);
    }

    [TestMethod]
    public void Without_a_request_there_is_no_dump_region_and_no_miniport_dump_data()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        Assert.AreEqual(0, bench.Miniport.DumpRegionAtInitialize);
        Assert.IsEmpty(bench.Miniport.MiniportDumpData);
    }

    [TestMethod]
    public void A_dump_buffer_over_1_MiB_is_refused_with_a_message()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers, m => m.RequestedDumpBufferSize = 2 << 20);
        Assert.AreEqual(NtStatus.InsufficientResources, bench.Port.Open());
        StringAssert.Contains(bench.Port.LastError, "RequestedDumpBufferSize");
        StringAssert.Contains(bench.Port.LastError, "at most 1048576 bytes");
        CollectionAssert.DoesNotContain(bench.Miniport.Calls, "HwInitialize");
    }

    [TestMethod]
    public void A_miniport_with_stop_and_restart_is_recovered_through_HwAdapterControl_without_a_new_HwFindAdapter()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers, m => m.SupportsStopAndRestart = true);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        bench.Miniport.HangNextMediaRequest = true;
        Assert.AreEqual(NtStatus.Success, bench.WriteBlocks(8), bench.Port.LastError);

        var calls = bench.Miniport.Calls;
        Assert.AreEqual(1, calls.Count(c => c == "HwAdapterControl ScsiQuerySupportedControlTypes"), "queried once, at open");
        Assert.AreEqual(1, calls.Count(c => c == "HwFindAdapter"));
        int stop = calls.IndexOf("HwAdapterControl ScsiStopAdapter");
        Assert.IsGreaterThan(calls.IndexOf("HwResetBus"), stop);
        Assert.AreEqual(stop + 1, calls.IndexOf("HwAdapterControl ScsiRestartAdapter"));
        Assert.AreEqual(1, bench.Port.Statistics.AdapterReinitializations);
        Assert.AreEqual(2, bench.Miniport.MediaRequestsMapped.Count, "the hung WRITE was resubmitted once");
    }

    [TestMethod]
    public void A_miniport_without_HwAdapterControl_is_recovered_with_HwFindAdapter_and_HwInitialize()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        bench.Miniport.HangNextMediaRequest = true;
        Assert.AreEqual(NtStatus.Success, bench.WriteBlocks(8), bench.Port.LastError);

        var calls = bench.Miniport.Calls;
        CollectionAssert.AreEqual(new[] { "HwAdapterControl ScsiQuerySupportedControlTypes" }, calls.Where(c => c.StartsWith("HwAdapterControl", StringComparison.Ordinal)).ToArray());
        Assert.AreEqual(2, calls.Count(c => c == "HwFindAdapter"));
        Assert.AreEqual(2, calls.Count(c => c == "HwInitialize"));
        Assert.AreEqual(1, bench.Port.Statistics.AdapterReinitializations);
        Assert.IsTrue(bench.Log.Messages.Any(m => m.Contains("HwFindAdapter, HwInitialize", StringComparison.Ordinal)), string.Join(Environment.NewLine, bench.Log.Messages));
    }
}
