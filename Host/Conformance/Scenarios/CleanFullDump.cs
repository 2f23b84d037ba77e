namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>The baseline: a complete memory dump through the stack exactly as the manifest describes it.</summary>
internal sealed class CleanFullDump : ConformanceScenario
{
    public override string Name => "clean-full-dump";

    public override string WindowsBehaviour => "KeBugCheckEx -> crashdmp: the dump port and miniport are initialized polled (no interrupts, no allocation), and a complete memory dump (DumpType 1) is written header first, made valid last.";

    public override string Expected => "a valid complete dump";

    public override string PassCriterion => "the dump succeeds and, read back through the stack, its header is valid and every page equals the memory dumped";

    public override string? Run(ScenarioBench bench) => ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
}
