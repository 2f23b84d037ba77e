using System.Globalization;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>Completions and resets take as long as on real hardware: timeouts must be long enough.</summary>
internal sealed class RealisticLatency : ConformanceScenario
{
    /// <summary>Completion latency in microseconds: a loaded SAS/SATA disk's write, well within any real timeout.</summary>
    public const int LatencyMicroseconds = 2000;

    /// <summary>Reset latency in microseconds, where the controller has one: the order of a real controller's reset
    /// (a SAS1068 IOC's firmware reboot, a BT-958's self-test, an IDE disk's BSY after SRST), within the timeouts real
    /// drivers allow (tens of seconds) but far beyond one cut a thousandfold. Few resets happen per dump, so even a
    /// native miniport polling through its worker every millisecond spends a thousand polls per reset.</summary>
    public const int ResetLatencyMicroseconds = 1_000_000;

    private const string ResetLatencyKey = "reset_latency";

    public override string Name => "realistic-latency";

    public override string WindowsBehaviour => "Real disks take milliseconds per command, and a controller reset takes about a second (firmware reboot, self-test, a disk's reset). The dump path counts time only through the stall routine (KeStallExecutionProcessor); a miniport whose timeouts are counted in polls, or far too short, gives up on a healthy adapter.";

    public override string Expected => "a valid complete dump";

    public override string PassCriterion => "with completion_latency of 2 ms per command and, where the controller has it, reset_latency of 1 s per reset (stall time), the dump succeeds and reads back with every page identical";

    public override IReadOnlyList<Capability> Needs => [Capability.ControllerSetting("completion_latency", "microseconds")];

    public override void Inject(ManifestVariant variant, StackUnderTest stack)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(stack);
        variant.SetControllerSetting("completion_latency", LatencyMicroseconds.ToString(CultureInfo.InvariantCulture));
        if (stack.Model.FindSetting(ResetLatencyKey) is not null)
        {
            variant.SetControllerSetting(ResetLatencyKey, ResetLatencyMicroseconds.ToString(CultureInfo.InvariantCulture));
        }
    }

    public override string? Run(ScenarioBench bench)
    {
        ArgumentNullException.ThrowIfNull(bench);
        string? problem = ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
        if (problem is null)
        {
            return null;
        }

        // Name the latencies: a miniport that fails only here waits too briefly for real hardware.
        string latencies = bench.Stack.Model.FindSetting(ResetLatencyKey) is null
            ? string.Create(CultureInfo.InvariantCulture, $"completion_latency {LatencyMicroseconds} µs")
            : string.Create(CultureInfo.InvariantCulture, $"completion_latency {LatencyMicroseconds} µs and reset_latency {ResetLatencyMicroseconds} µs");
        return $"{problem} (with {latencies} of stall time, as real hardware takes: a timeout or reset wait too short for real hardware fails here)";
    }
}
