using DumpFramework.Host.Conformance;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Conformance;

/// <summary>Runs conformance scenarios in-process against a stack on the real built plugins.</summary>
internal static class ConformanceSupport
{
    /// <summary>The built-in sample stacks (stacks/*.yaml beside the tests), as MSTest data rows.</summary>
    public static IEnumerable<object[]> BuiltInStacks =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "stacks"), "*.yaml").Select(path => new object[] { Path.GetFileNameWithoutExtension(path) });

    /// <summary>Runs <paramref name="names"/> (all when empty) against the manifest, each in a scratch folder that is removed.</summary>
    public static IReadOnlyList<ScenarioOutcome> Run(string manifestPath, string? plugins = null, params string[] names)
    {
        using var files = new StackFiles("conformance");
        var stack = StackUnderTest.Load(manifestPath, PluginCatalog.Open(plugins ?? TestPaths.Plugins));
        var runner = new ConformanceRunner(stack, files.Folder, seed: 1);
        return [.. (names.Length == 0 ? ScenarioCatalogue.All : names.Select(n => ScenarioCatalogue.Find(n) ?? throw new ArgumentException(n))).Select(runner.Run)];
    }

    /// <summary>Fails the test with the table when any scenario failed.</summary>
    public static void AssertNoFailure(IReadOnlyList<ScenarioOutcome> outcomes)
    {
        var failed = outcomes.Where(o => o.Result == ScenarioResult.Fail).ToList();
        Assert.IsEmpty(failed, string.Join(Environment.NewLine, failed.Select(o => $"{o.Scenario}: {o.Detail}")));
    }
}
