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
        byte[] page = [.. Enumerable.Range(0, 4096).Select(i => (byte)i)];
        loaded.Memory.Map(0x10_0000, page);
        var write = new DumpFilterWrite(8192, Mdl.FromContiguous(0x10_0000, 4096), loaded.Memory);
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
        CollectionAssert.AreEqual(Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray(), page);
    }

    [TestMethod]
    public void The_in_place_filter_changes_the_first_byte_of_the_original_pages()
    {
        using var loaded = FilterUnderTest.Load(TestPaths.TestPlugin("InPlaceFilter"), NoSettings, AppContext.BaseDirectory);
        byte[] first = new byte[512];
        byte[] second = new byte[512];
        first[0] = 0x5A;
        loaded.Memory.Map(0x10_0000, first);
        loaded.Memory.Map(0x30_0000, second);
        var write = new DumpFilterWrite(0, new Mdl([new PhysicalSegment(0x10_0000, 512), new PhysicalSegment(0x30_0000, 512)]), loaded.Memory);

        Assert.AreEqual(NtStatus.Success, loaded.Filter.Write(Extension, write));

        Assert.AreEqual((byte)0xA5, first[0]);
        Assert.AreEqual(-1, first.AsSpan(1).IndexOfAnyExcept((byte)0));
        Assert.AreEqual(-1, second.AsSpan().IndexOfAnyExcept((byte)0));
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
        loaded.Memory.Map(0x10_0000, new byte[512]);

        var statuses = Enumerable.Range(1, 7)
            .Select(_ => loaded.Filter.Write(Extension, new DumpFilterWrite(0, Mdl.FromContiguous(0x10_0000, 512), loaded.Memory)))
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
}
