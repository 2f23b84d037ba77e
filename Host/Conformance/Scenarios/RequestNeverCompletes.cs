using System.Globalization;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>One request is never answered: timeout, reset, re-initialization, resubmission, and the dump completes.</summary>
internal sealed class RequestNeverCompletes : ConformanceScenario
{
    /// <summary>The request (1-based) that is never answered until an adapter reset.</summary>
    public const int HungRequest = 20;

    public override string Name => "request-never-completes";

    public override string WindowsBehaviour => "One command is lost by the controller. The dump port times the request out in stall time (SRB TimeOutValue), resets the bus and re-initializes the adapter (HwAdapterControl ScsiStopAdapter/ScsiRestartAdapter, or HwFindAdapter and HwInitialize again), then resubmits it; the miniport must really reset the adapter.";

    public override string Expected => "a valid complete dump after one timeout and one adapter reset";

    public override string PassCriterion => "with hang_request set, the dump succeeds after at least one timeout and one adapter re-initialization, and reads back with every page identical";

    public override IReadOnlyList<Capability> Needs => [Capability.ControllerSetting("hang_request")];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) =>
        variant.SetControllerSetting("hang_request", HungRequest.ToString(CultureInfo.InvariantCulture));

    public override string? Run(ScenarioBench bench)
    {
        var attempt = bench.Dump(bench.CrashManifest());
        if (ExpectValidDump(bench, attempt) is { } problem)
        {
            return $"request {HungRequest} was never answered until an adapter reset; {problem}";
        }

        var statistics = attempt.Result.PortStatistics;
        return statistics.Timeouts == 0 || statistics.AdapterReinitializations == 0
            ? string.Create(CultureInfo.InvariantCulture, $"the dump succeeded without a timeout and an adapter reset (timeouts {statistics.Timeouts}, re-initializations {statistics.AdapterReinitializations}): the hung request was never exercised")
            : null;
    }
}
