using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Host.Tests.Ports;

/// <summary>
/// The settings that narrow what a dump port grants its miniport: <c>maximum_transfer_length</c> and
/// <c>number_of_physical_breaks</c> cap the limits the miniport reports, so the port splits every write under them;
/// <c>uncached_extension_alignment</c> places the uncached extension only as far aligned as Windows promises in dump
/// mode (16 bytes past a page by default, never page aligned unless asked).
/// </summary>
[TestClass]
public sealed class PortLimitSettingsTests
{
    private const string StorPort = "dump_storport";

    [TestMethod]
    public void The_scsi_port_splits_writes_so_no_request_exceeds_the_capped_transfer_length_or_breaks()
    {
        var settings = new Dictionary<string, string> { ["maximum_transfer_length"] = "8192", ["number_of_physical_breaks"] = "1" };
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers, settings: settings);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        Assert.AreEqual((8192u, 1u), bench.Miniport.LimitsSeen);

        // 64 blocks (32 KiB) starting 512 bytes into a page: one break allows two elements and one page per request.
        Assert.AreEqual(NtStatus.Success, bench.WriteBlocksAt(64, 512), bench.Port.LastError);
        var transfers = bench.Miniport.MediaTransfers;
        Assert.AreEqual(64u * 512, (uint)transfers.Sum(t => t.Bytes));
        Assert.IsTrue(transfers.All(t => t.Bytes <= 4096 && t.Elements <= 2), string.Join(", ", transfers));
        Assert.IsGreaterThanOrEqualTo(8, transfers.Count);
    }

    [TestMethod]
    public void Without_caps_the_scsi_port_keeps_the_miniports_limits()
    {
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        Assert.AreEqual(NtStatus.Success, bench.WriteBlocks(64), bench.Port.LastError);
        Assert.HasCount(1, bench.Miniport.MediaTransfers);
        Assert.AreEqual(0x10000u, bench.Miniport.LimitsSeen.MaximumTransferLength);
    }

    [TestMethod]
    public void A_cap_above_the_miniports_limit_changes_nothing()
    {
        var settings = new Dictionary<string, string> { ["maximum_transfer_length"] = "1048576" };
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers, settings: settings);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        Assert.AreEqual(0x10000u, bench.Miniport.LimitsSeen.MaximumTransferLength);
    }

    [TestMethod]
    [DataRow(null, 16UL)]
    [DataRow("8", 8UL)]
    [DataRow("64", 64UL)]
    [DataRow("4096", 0UL)]
    public void The_uncached_extension_is_aligned_only_as_the_setting_says(string? alignment, ulong pageOffset)
    {
        var settings = alignment is null ? null : new Dictionary<string, string> { ["uncached_extension_alignment"] = alignment };
        using var bench = ScsiPortBench.Create(StorPort, StorMapBuffers.NonReadWriteBuffers, miniport => miniport.UncachedExtensionBytes = 0x5000, settings: settings);
        Assert.AreEqual(NtStatus.Success, bench.Port.Open(), bench.Port.LastError);
        var extension = bench.Miniport.UncachedExtension;
        Assert.IsNotNull(extension);
        Assert.AreEqual(pageOffset, extension.PhysicalAddress % 4096);
        Assert.AreEqual(0x5000, extension.Length);

        // The whole extension is the miniport's: its last byte is writable and reads back.
        extension.Span[^1] = 0xA5;
        Assert.AreEqual(0xA5, extension.Span[^1]);
    }

    [TestMethod]
    public void The_ata_port_caps_the_channels_transfer_length_and_aligns_its_uncached_extension()
    {
        using var bench = AtaPortBench.Open(new Dictionary<string, string> { ["maximum_transfer_length"] = "4096", ["uncached_extension_alignment"] = "32" });
        Assert.AreEqual(NtStatus.Success, bench.WriteSectors(32), bench.Port.LastError);
        CollectionAssert.AreEqual(new[] { 4096u, 4096u, 4096u, 4096u }, bench.Channel.MediaBytes);
        Assert.AreEqual(32UL, bench.Channel.UncachedExtension!.PhysicalAddress % 4096);
    }

    [TestMethod]
    [DataRow("PortScsi", "dump_storport", "12")]
    [DataRow("PortAta", "dump_ataport", "8192")]
    [DataRow("PortScsi", "dump_storport", "4")]
    public void An_alignment_that_is_not_a_power_of_two_up_to_a_page_is_refused_naming_the_setting(string plugin, string loadName, string value)
    {
        using var loaded = Host.Plugins.LoadedPlugin.Load(Filters.TestSupport.FilterUnderTest.BuiltInPlugin(plugin));
        var configuration = new Abstractions.Drivers.DriverConfiguration(loadName, new Dictionary<string, string> { ["uncached_extension_alignment"] = value }, AppContext.BaseDirectory);
        var error = Assert.Throws<ArgumentException>(() => loaded.Entry.ConfigureServices(new Microsoft.Extensions.DependencyInjection.ServiceCollection(), configuration));
        StringAssert.StartsWith(error.Message, $"{loadName}: setting 'uncached_extension_alignment'");
    }
}
