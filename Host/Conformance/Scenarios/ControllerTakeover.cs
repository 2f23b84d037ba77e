namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>The dump miniport takes over a controller the normal-mode driver left in a given state.</summary>
/// <param name="state">The <c>hardware.crash_state</c> value.</param>
internal sealed class ControllerTakeover(string state) : ConformanceScenario
{
    public override string Name => $"takeover-{state}";

    public override string WindowsBehaviour => state == "faulted"
        ? "The crash found the controller faulted (a firmware fault, an error status that only a reset clears); the dump miniport's HwFindAdapter/HwInitialize must reset it rather than assume a clean adapter."
        : "At a real bugcheck the normal-mode driver left the controller initialized and mid-flight: requests outstanding, completions posted but not consumed, queues at addresses the dump miniport does not own. The dump miniport must reset or re-initialize it (the LSI driver resets an OPERATIONAL IOC).";

    public override string Expected => "a valid complete dump";

    public override string PassCriterion => $"with hardware.crash_state: {state}, the dump succeeds and reads back with every page identical";

    public override IReadOnlyList<Capability> Needs => [Capability.HardwareKey("crash_state")];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) => variant.SetHardware("crash_state", state);

    public override string? Run(ScenarioBench bench) => ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
}
