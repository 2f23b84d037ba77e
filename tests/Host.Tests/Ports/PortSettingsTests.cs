using DumpFramework.Abstractions.Drivers;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Tests.Filters.TestSupport;
using DumpFramework.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Tests.Ports;

/// <summary>Both dump ports take the same eight snake_case settings and refuse any other key in the same words.</summary>
[TestClass]
public sealed class PortSettingsTests
{
    private const string Known = "known settings: poll_interval_microseconds, retry_limit, busy_resubmit_limit, busy_delay_microseconds, not_ready_delay_microseconds, maximum_transfer_length, number_of_physical_breaks, uncached_extension_alignment.";

    [TestMethod]
    [DataRow("PortScsi", "dump_storport")]
    [DataRow("PortAta", "dump_ataport")]
    public void Each_port_refuses_an_unknown_setting_naming_the_known_ones(string plugin, string loadName)
    {
        using var loaded = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin(plugin));
        var configuration = new DriverConfiguration(loadName, new Dictionary<string, string> { ["retry_limt"] = "3" }, AppContext.BaseDirectory);
        var error = Assert.Throws<ArgumentException>(() => loaded.Entry.ConfigureServices(new ServiceCollection(), configuration));
        StringAssert.StartsWith(error.Message, $"{loadName}: unknown setting 'retry_limt'; {Known}");
    }

    [TestMethod]
    [DataRow("PortScsi", "dump_storport", "PollIntervalMicroseconds")]
    [DataRow("PortAta", "dump_ataport", "BusyDelayMicroseconds")]
    public void The_old_pascal_case_keys_are_unknown(string plugin, string loadName, string key)
    {
        using var loaded = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin(plugin));
        var configuration = new DriverConfiguration(loadName, new Dictionary<string, string> { [key] = "10" }, AppContext.BaseDirectory);
        var error = Assert.Throws<ArgumentException>(() => loaded.Entry.ConfigureServices(new ServiceCollection(), configuration));
        StringAssert.StartsWith(error.Message, $"{loadName}: unknown setting '{key}'");
    }

    [TestMethod]
    [DataRow("PortScsi", "dump_storport")]
    [DataRow("PortAta", "dump_ataport")]
    public void Each_port_accepts_all_eight_keys(string plugin, string loadName)
    {
        using var loaded = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin(plugin));
        var settings = new Dictionary<string, string>
        {
            ["poll_interval_microseconds"] = "5",
            ["retry_limit"] = "2",
            ["busy_resubmit_limit"] = "7",
            ["busy_delay_microseconds"] = "0",
            ["not_ready_delay_microseconds"] = "100",
            ["maximum_transfer_length"] = "65536",
            ["number_of_physical_breaks"] = "16",
            ["uncached_extension_alignment"] = "8",
        };
        var services = new ServiceCollection();
        loaded.Entry.ConfigureServices(services, new DriverConfiguration(loadName, settings, AppContext.BaseDirectory));
        Assert.IsNotEmpty(services);
    }

    [TestMethod]
    public void Validate_refuses_an_unknown_ata_port_setting_at_its_line_and_column()
    {
        using var files = new StackFiles("ata-setting");
        string manifest = files.Manifest("{name: dumpata, settings: {retry_limt: \"3\"}}", "atapi", "piix-ide", 16 << 20, 1 << 20, 8 << 20);
        var (code, output, error) = CliRun.Invoke("validate", manifest, "--synthetic-memory", "4 MiB");
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.StartsWith(error, $"{manifest}:2:");
        StringAssert.Contains(error, "unknown setting 'retry_limt'");
        Assert.IsFalse(File.Exists(files.Disk()), "a refused manifest created its disk");
    }
}
