using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Host.Tests.Filters.TestSupport;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Filters;

/// <summary>The test filter plugins behave as the filter chain tests rely on.</summary>
[TestClass]
public sealed class TestFilterPluginTests
{
    private static readonly Dictionary<string, string> NoSettings = [];

    private static FilterExtension Extension { get; } = new(
        FilterDumpType.Crashdump, 1L << 30, DiskGeometry.FromSize(1L << 30, 512), new DiskPartitionInfo(PartitionStyle.Mbr, 0x1234, Guid.Empty), 1 << 20);

    [TestMethod]
    [DataRow("RecordingFilterA", "recfa")]
    [DataRow("RecordingFilterB", "recfb")]
    public void A_recording_filter_logs_every_callback_in_order_and_leaves_the_data(string plugin, string name)
    {
        using var loaded = FilterUnderTest.Load(TestPaths.TestPlugin(plugin), NoSettings, AppContext.BaseDirectory);
        byte[] page = new byte[4096];
        Assert.IsTrue(loaded.Memory.TryRead(FilterUnderTest.DataBase, page));
        var write = new DumpFilterWrite(8192, Mdl.FromContiguous(FilterUnderTest.DataBase, 4096), loaded.Memory);
        byte[] read = new byte[512];
        var data = new FilterInitializationData(16, SystemFilterFlags.SupportRead);

        var statuses = new[]
        {
            loaded.Filter.Initialize(Extension, data),
            loaded.Filter.Start(Extension),
            loaded.Filter.Write(Extension, write),
            loaded.Filter.Read(Extension, new DumpFilterRead(512, read)),
            loaded.Filter.Finish(Extension),
            loaded.Filter.Unload(Extension),
        };

        Assert.IsTrue(statuses.All(s => s == NtStatus.Success));
        Assert.AreEqual(FilterInitializationData.MajorVersion2, data.MajorVersion);
        CollectionAssert.AreEqual(
            new[] { "Initialize", "Start", "Write(8192,4096)", "Read(512,512)", "Finish", "Unload" }.Select(c => name + ":" + c).ToArray(),
            loaded.Log.Messages.ToArray());
        Assert.IsTrue(loaded.Log.Entries.All(e => e.Source == "dump_" + name));
        Assert.IsNull(write.SubstituteBuffer);
        byte[] afterwards = new byte[4096];
        Assert.IsTrue(loaded.Memory.TryRead(FilterUnderTest.DataBase, afterwards));
        CollectionAssert.AreEqual(page, afterwards);
    }

    [TestMethod]
    public void The_in_place_filter_changes_the_first_byte_of_the_original_pages()
    {
        using var loaded = FilterUnderTest.Load(TestPaths.TestPlugin("InPlaceFilter"), NoSettings, AppContext.BaseDirectory);
        ulong first = FilterUnderTest.DataBase + 0x1000;
        ulong second = FilterUnderTest.DataBase + 0x20000;
        var write = new DumpFilterWrite(0, new Mdl([new PhysicalSegment(first, 512), new PhysicalSegment(second, 512)]), loaded.Memory);
        byte[] before = Contents(loaded, write.Data);

        Assert.AreEqual(NtStatus.Success, loaded.Filter.Write(Extension, write));

        byte[] after = Contents(loaded, write.Data);
        Assert.AreEqual((byte)(before[0] ^ 0xFF), after[0]);
        CollectionAssert.AreEqual(before[1..], after[1..]);
        Assert.IsNull(write.SubstituteBuffer);
    }

    [TestMethod]
    [DataRow(null, false)]
    [DataRow("false", false)]
    [DataRow("true", true)]
    public void The_failing_init_filter_fails_and_is_critical_only_when_told(string? critical, bool expectCritical)
    {
        var settings = critical is null ? NoSettings : new Dictionary<string, string> { ["critical"] = critical };
        using var loaded = FilterUnderTest.Load(TestPaths.TestPlugin("FailingInitFilter"), settings, AppContext.BaseDirectory);
        var data = new FilterInitializationData(16, SystemFilterFlags.None);

        Assert.AreEqual(NtStatus.Unsuccessful, loaded.Filter.Initialize(Extension, data));
        Assert.AreEqual(expectCritical, data.Flags.HasFlag(FilterFlags.Critical));
    }

    [TestMethod]
    [DataRow(null, 3)]
    [DataRow("1", 1)]
    [DataRow("5", 5)]
    public void The_failing_write_filter_fails_from_the_configured_write_on(string? failAt, int firstFailure)
    {
        var settings = failAt is null ? NoSettings : new Dictionary<string, string> { ["fail_at"] = failAt };
        using var loaded = FilterUnderTest.Load(TestPaths.TestPlugin("FailingWriteFilter"), settings, AppContext.BaseDirectory);
        var statuses = Enumerable.Range(1, 7)
            .Select(_ => loaded.Filter.Write(Extension, new DumpFilterWrite(0, Mdl.FromContiguous(FilterUnderTest.DataBase, 512), loaded.Memory)))
            .ToArray();

        CollectionAssert.AreEqual(
            Enumerable.Range(1, 7).Select(n => n < firstFailure ? NtStatus.Success : NtStatus.IoDeviceError).ToArray(),
            statuses);
    }

    [TestMethod]
    [DataRow("FailingWriteFilter", "fail_at", "0")]
    [DataRow("FailingWriteFilter", "fail_at", "three")]
    [DataRow("FailingInitFilter", "critical", "yes")]
    public void A_bad_test_filter_setting_is_refused_at_configuration(string plugin, string setting, string value)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            FilterUnderTest.Load(TestPaths.TestPlugin(plugin), new Dictionary<string, string> { [setting] = value }, AppContext.BaseDirectory));
        StringAssert.Contains(error.Message, setting);
    }

    private static byte[] Contents(FilterUnderTest loaded, Mdl mdl)
    {
        byte[] bytes = new byte[mdl.ByteCount];
        Assert.IsTrue(mdl.TryCopyTo(loaded.Memory, bytes));
        return bytes;
    }
}
