namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>A valid dump from an earlier crash is on the disk; the new dump fails: no valid dump may be left.</summary>
internal sealed class StaleDumpInvalidated : ConformanceScenario
{
    public override string Name => "failed-dump-leaves-no-stale-dump";

    public override string WindowsBehaviour => "Crashdmp writes the header first in its incomplete form and makes it valid only after the last write, so a dump that fails part way never leaves an earlier crash's valid dump behind for SMSS to extract as if it were this crash's.";

    public override string Expected => "the first dump is valid; the second fails and leaves no valid dump";

    public override string PassCriterion => "after a valid dump, a dump that fails on a medium error leaves the disk without a dump marked valid";

    public override IReadOnlyList<Capability> Needs => [MediumErrorKnob.Needed];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) => MediumErrorKnob.Inject(variant, stack);

    public override string? Run(ScenarioBench bench)
    {
        var first = bench.Dump(bench.BootManifest());
        if (ExpectValidDump(bench, first) is { } problem)
        {
            return $"the first (fault-free) dump: {problem}";
        }

        var second = bench.Dump(bench.CrashManifest());
        if (second.Result.Succeeded)
        {
            return "the second dump hit a medium error inside the region, yet the stack reported success";
        }

        return bench.ReadBack(second).LooksValid
            ? $"the second dump failed ({second.Result.Error}) but the disk still holds a dump marked valid (the earlier one, or a header made valid too early)"
            : null;
    }
}
