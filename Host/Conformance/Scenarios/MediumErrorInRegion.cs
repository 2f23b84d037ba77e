using System.Globalization;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>An unrecoverable medium error inside the dump region: the dump fails, says where, and is never valid.</summary>
internal sealed class MediumErrorInRegion : ConformanceScenario
{
    public override string Name => "medium-error-in-region";

    public override string WindowsBehaviour => "A write inside the dump file hits an unrecoverable MEDIUM ERROR (03/xx; on ATA, ERR + UNC). Crashdmp has no other place to write: the dump fails, the header is never made valid, and the failure names the sector so the disk can be replaced.";

    public override string Expected => "the dump fails naming the LBA";

    public override string PassCriterion => "the dump fails with a message that names the failing LBA, within the stall budget, and the disk holds no dump marked valid";

    public override IReadOnlyList<Capability> Needs => [MediumErrorKnob.Needed];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) => MediumErrorKnob.Inject(variant, stack);

    public override string? Run(ScenarioBench bench)
    {
        var attempt = bench.Dump(bench.CrashManifest());
        long lba = MediumErrorKnob.Lba(bench.Stack);
        if (!attempt.Result.Succeeded && !MediumErrorKnob.Names(attempt.Result.Error, lba))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the dump failed but its message does not name LBA {lba} (0x{lba:X}): {attempt.Result.Error}");
        }

        return ExpectFailedDump(bench, attempt, HungController.StallBudget);
    }
}
