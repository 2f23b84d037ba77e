namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>
/// A controller that answers nothing until a hard reset (diagnostic reset, SRST, adapter reset): a miniport that
/// takes the adapter over with that reset recovers it, as the LSI driver does; every other path must give up in bounded
/// stall time. What is never allowed is a wait without end or a dump marked valid that is not.
/// </summary>
internal sealed class HungController : ConformanceScenario
{
    /// <summary>Stall time a failing dump may take: a few SRB timeouts (30 s each) and one re-initialization.</summary>
    public static readonly TimeSpan StallBudget = TimeSpan.FromMinutes(5);

    public override string Name => "hung-controller";

    public override string WindowsBehaviour => "The controller hangs at the crash and answers nothing until a hard reset. Nothing in the dump path may wait forever: every wait is bounded by a timeout in stall time, the port resets once, and the dump fails so the machine reboots, unless the miniport's hard reset at takeover brings the controller back.";

    public override string Expected => "a complete dump after a hard reset, or a failed dump within the stall budget";

    public override string PassCriterion => "either the miniport's hard reset recovers the controller and the dump reads back with every page identical, or the dump fails with a reason within 5 minutes of stall time, without hanging the host, and no valid dump is left on the disk";

    public override IReadOnlyList<Capability> Needs => [Capability.HardwareKey("crash_state")];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) => variant.SetHardware("crash_state", "hung");

    public override string? Run(ScenarioBench bench)
    {
        ArgumentNullException.ThrowIfNull(bench);
        var attempt = bench.Dump(bench.CrashManifest());
        return attempt.Result.Succeeded ? ExpectValidDump(bench, attempt) : ExpectFailedDump(bench, attempt, StallBudget);
    }
}
