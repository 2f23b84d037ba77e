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

    public override string WindowsBehaviour => "The controller hangs at the crash and answers nothing until a hard reset. A miniport that hard-resets it at takeover gets it back; one that cannot must not wait forever: every wait is bounded by a timeout in stall time, the port resets once, and the dump fails so the machine reboots.";

    public override string Expected => "a valid dump (the miniport's hard reset revived the controller) or a failed dump, never a hang";

    public override string PassCriterion => "the host never hangs; either the dump succeeds and reads back with every page identical, or it fails with a reason within 5 minutes of stall time and no valid dump is left on the disk";

    public override IReadOnlyList<Capability> Needs => [Capability.HardwareKey("crash_state")];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) => variant.SetHardware("crash_state", "hung");

    public override string? Run(ScenarioBench bench)
    {
        var attempt = bench.Dump(bench.CrashManifest());
        return attempt.Result.Succeeded ? ExpectValidDump(bench, attempt) : ExpectFailedDump(bench, attempt, StallBudget);
    }
}
