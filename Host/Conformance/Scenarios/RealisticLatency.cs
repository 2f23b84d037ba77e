using System.Globalization;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>Completions take as long as on real hardware: timeouts must be long enough.</summary>
internal sealed class RealisticLatency : ConformanceScenario
{
    /// <summary>Completion latency in microseconds: a loaded SAS/SATA disk's write, well within any real timeout.</summary>
    public const int LatencyMicroseconds = 2000;

    public override string Name => "realistic-latency";

    public override string WindowsBehaviour => "Real disks take milliseconds per command, and firmware handshakes take longer. The dump path counts time only through the stall routine (KeStallExecutionProcessor); a miniport whose timeouts are counted in polls, or far too short, gives up on a healthy disk.";

    public override string Expected => "a valid complete dump";

    public override string PassCriterion => "with completion_latency of 2 ms per command (stall time), the dump succeeds and reads back with every page identical";

    public override IReadOnlyList<Capability> Needs => [Capability.ControllerSetting("completion_latency", "microseconds")];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) =>
        variant.SetControllerSetting("completion_latency", LatencyMicroseconds.ToString(CultureInfo.InvariantCulture));

    public override string? Run(ScenarioBench bench) => ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
}
