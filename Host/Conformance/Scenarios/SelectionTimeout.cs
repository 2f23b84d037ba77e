namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>The dump disk is gone (pulled cable, dead target): selection timeout, and the dump fails in bounded time.</summary>
internal sealed class SelectionTimeout : ConformanceScenario
{
    public override string Name => "selection-timeout";

    public override string WindowsBehaviour => "The dump disk does not answer selection (SRB_STATUS_SELECTION_TIMEOUT; on ATA, no device behind the channel). The port must not retry forever: the dump fails and the machine reboots.";

    public override string Expected => "the dump fails";

    public override string PassCriterion => "with the dump disk detached (attached: false), the dump fails with a reason within the stall budget and no valid dump is on the disk";

    public override void Inject(ManifestVariant variant, StackUnderTest stack) => variant.SetDisk(stack.Manifest.Dump.Disk, "attached", "false");

    public override string? Run(ScenarioBench bench) => ExpectFailedDump(bench, bench.Dump(bench.CrashManifest()), HungController.StallBudget);
}
