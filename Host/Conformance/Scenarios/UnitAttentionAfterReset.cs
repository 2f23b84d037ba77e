namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>After the takeover's reset the disk reports UNIT ATTENTION 29/00 once.</summary>
internal sealed class UnitAttentionAfterReset : ConformanceScenario
{
    public override string Name => "unit-attention-after-reset";

    public override string WindowsBehaviour => "Every reset (the dump miniport's takeover reset included) makes a SCSI disk answer the next command with CHECK CONDITION, UNIT ATTENTION 29/00 'power on, reset or bus device reset occurred'. The miniport must report the check condition with its sense, and the port retry the command.";

    public override string Expected => "a valid complete dump";

    public override string PassCriterion => "with unit_attention: true on the dump disk, the dump succeeds and reads back with every page identical (a command swallowed as success would leave its pages unwritten)";

    public override IReadOnlyList<Capability> Needs => [Capability.DiskKey("unit_attention")];

    public override void Inject(ManifestVariant variant, StackUnderTest stack) => variant.SetDisk(stack.Manifest.Dump.Disk, "unit_attention", "true");

    public override string? Run(ScenarioBench bench) => ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
}
