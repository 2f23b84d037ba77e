namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>A controller that answers nothing until a hard reset: the dump must give up, in bounded time.</summary>
internal sealed class HungController : ConformanceScenario
{
    /// <summary>Stall time a failing dump may take: a few SRB timeouts (30 s each) and one re-initialization.</summary>
    public static readonly TimeSpan StallBudget = TimeSpan.FromMinutes(5);

    public override string Name => "hung-controller";

    public override string WindowsBehaviour => "The controller hangs at the crash and answers nothing until a hard reset. Nothing in the dump path may wait forever: every wait is bounded by a timeout in stall time, the port resets once, and the dump fails so the machine reboots.";

    public override string Expected => "the dump fails";

    public override string PassCriterion => "the dump fails with a reason, within 5 minutes of stall time and without hanging the host, and no valid dump is left on the disk";

    public override IReadOnlyList<Capability> Needs => [Capability.HardwareKey("crash_state")];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) => variant.SetHardware("crash_state", "hung");

    public override string? Run(ScenarioBench bench) => ExpectFailedDump(bench, bench.Dump(bench.CrashManifest()), StallBudget);
}
