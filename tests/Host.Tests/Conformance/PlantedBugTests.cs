using DumpFramework.Host.Conformance;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Conformance;

/// <summary>
/// The built-in LSI_SAS miniport with one planted bug (test plugin <c>plantedsas</c>, a real built plugin) fails the
/// scenario aimed at that bug, with a message naming what went wrong, and still passes the clean dump.
/// </summary>
[TestClass]
public sealed class PlantedBugTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    public void A_miniport_that_does_not_really_reset_the_adapter_fails_the_lost_request_scenario()
    {
        var outcomes = RunPlanted("no-adapter-reset", "clean-full-dump", "request-never-completes");
        Assert.AreEqual(ScenarioResult.Pass, outcomes[0].Result, outcomes[0].Detail);
        Assert.AreEqual(ScenarioResult.Fail, outcomes[1].Result);
        StringAssert.Contains(outcomes[1].Detail, "never answered until an adapter reset");
        StringAssert.Contains(outcomes[1].Detail, "dump_plantedsas");
        StringAssert.Contains(outcomes[1].Detail, "dump_storport");
    }

    [TestMethod]
    public void A_miniport_that_does_not_reset_an_operational_ioc_fails_the_running_takeover()
    {
        var outcomes = RunPlanted("no-takeover-reset", "takeover-running");
        Assert.AreEqual(ScenarioResult.Fail, outcomes[0].Result, outcomes[0].Detail);
        StringAssert.Contains(outcomes[0].Detail, "dump_plantedsas");
        // The miniport's own logged error says what it saw, beside the port's verdict.
        StringAssert.Contains(outcomes[0].Detail, "READY");
    }

    [TestMethod]
    public void A_miniport_that_finds_its_adapter_only_for_a_crash_dump_fails_the_hibernation_scenario()
    {
        var outcomes = RunPlanted("crash-only", "clean-full-dump", "hibernation-round-trip");
        Assert.AreEqual(ScenarioResult.Pass, outcomes[0].Result, outcomes[0].Detail);
        Assert.AreEqual(ScenarioResult.Fail, outcomes[1].Result);
        StringAssert.Contains(outcomes[1].Detail, "hibernation image");
        StringAssert.Contains(outcomes[1].Detail, "HwFindAdapter");
    }

    [TestMethod]
    public void The_cli_names_the_failed_scenario_and_exits_1()
    {
        using var files = new StackFiles("planted-cli");
        string manifest = Manifest(files, "no-adapter-reset");
        var (code, output, error) = CliRun.InvokeWith(TestPaths.PluginsWithTestDrivers, "conformance", "-m", manifest, "--scenario", "request-never-completes");
        Assert.AreEqual(1, code, output + error);
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"request-never-completes\s+FAIL"));
    }

    [TestMethod]
    public void A_miniport_that_ignores_unit_attention_fails_the_unit_attention_scenario()
    {
        var outcomes = RunPlanted("ignore-unit-attention", "unit-attention-after-reset");
        Assert.AreEqual(ScenarioResult.Fail, outcomes[0].Result, outcomes[0].Detail);
        StringAssert.Contains(outcomes[0].Detail, "UNIT ATTENTION");
        StringAssert.Contains(outcomes[0].Detail, "differ");
    }

    [TestMethod]
    public void A_miniport_whose_timeouts_are_far_too_short_fails_the_realistic_latency_scenario_naming_the_latency()
    {
        var outcomes = RunPlanted("short-timeout", "realistic-latency", "clean-full-dump");

        // At the models' default latencies the thousandfold cut goes unnoticed; at real hardware's it does not.
        Assert.AreEqual(ScenarioResult.Pass, outcomes[1].Result, outcomes[1].Detail);
        Assert.AreEqual(ScenarioResult.Fail, outcomes[0].Result, outcomes[0].Detail);
        StringAssert.Contains(outcomes[0].Detail, "reset_latency 1000000 µs");
        StringAssert.Contains(outcomes[0].Detail, "too short for real hardware");
    }

    private static IReadOnlyList<ScenarioOutcome> RunPlanted(string bug, params string[] scenarios)
    {
        using var files = new StackFiles("planted-" + bug);
        return ConformanceSupport.Run(Manifest(files, bug), TestPaths.PluginsWithTestDrivers, scenarios);
    }

    private static string Manifest(StackFiles files, string bug) =>
        files.Manifest("diskdump", $"{{name: plantedsas, settings: {{bug: {bug}}}}}", "lsi-sas1068", 64 * MiB, MiB, 48 * MiB);
}
