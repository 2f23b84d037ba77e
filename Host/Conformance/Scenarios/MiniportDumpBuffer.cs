namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>The miniport asks for a dump buffer (RequestedDumpBufferSize) and must use the DumpRegion it is given.</summary>
internal sealed class MiniportDumpBuffer : ConformanceScenario
{
    public override string Name => "miniport-dump-buffer";

    public override string WindowsBehaviour => "A miniport that needs memory at crash time sets RequestedDumpBufferSize in HwFindAdapter; the port hands it PORT_CONFIGURATION_INFORMATION.DumpRegion (reserved at boot, below 4 GiB unless the adapter is 64-bit), which it must use for its DMA structures instead of allocating.";

    public override string Expected => "a valid complete dump using the DumpRegion";

    public override string PassCriterion => "when the miniport requests a dump buffer, the dump succeeds and reads back with every page identical; not applicable when it requests none";

    public override string? Run(ScenarioBench bench)
    {
        var attempt = bench.Dump(bench.CrashManifest());
        if (!attempt.Log.Any(line => line.Contains("DumpRegion provided", StringComparison.Ordinal)))
        {
            if (!attempt.Result.Succeeded)
            {
                return $"the dump failed before the port could provide a DumpRegion: {attempt.Result.Error}";
            }

            throw new ScenarioNotApplicableException($"{bench.Stack.Manifest.Miniport.BaseName} requests no dump buffer (RequestedDumpBufferSize 0 in HwFindAdapter)");
        }

        return ExpectValidDump(bench, attempt);
    }
}
