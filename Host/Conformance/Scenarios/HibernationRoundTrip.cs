namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>The hibernation stack writes memory and reads it back.</summary>
internal sealed class HibernationRoundTrip : ConformanceScenario
{
    public override string Name => "hibernation-round-trip";

    public override string WindowsBehaviour => "Hibernation loads the same port, miniport and filters a second time under hiber_ names (DumpMode Hibernation, CrashDump FALSE) and writes the memory image polled; at resume the image is read back. Nothing crash-specific may be assumed.";

    public override string Expected => "the image reads back byte for byte";

    public override string PassCriterion => "the hibernation stack writes the memory image and, read back through the hibernation stack, it equals the memory byte for byte";

    public override string? Run(ScenarioBench bench)
    {
        var attempt = bench.Dump(bench.CrashManifest(), hibernation: true);
        return attempt.Result.Succeeded
            ? bench.ReadBack(attempt).Problem
            : $"expected the hibernation image to be written, but the write failed: {attempt.Result.Error}";
    }
}
