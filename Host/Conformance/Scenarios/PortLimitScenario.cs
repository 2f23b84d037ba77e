namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>A dump under port limits set through the port's settings (the dump port's view of the adapter made tighter).</summary>
/// <param name="name">The scenario's name.</param>
/// <param name="behaviour">The Windows behaviour modelled.</param>
/// <param name="criterion">The pass criterion.</param>
/// <param name="settings">The port settings it sets.</param>
internal sealed class PortLimitScenario(string name, string behaviour, string criterion, params (string Key, string Value)[] settings) : ConformanceScenario
{
    public override string Name => name;

    public override string WindowsBehaviour => behaviour;

    public override string Expected => "a valid complete dump";

    public override string PassCriterion => criterion;

    public override IReadOnlyList<Capability> Needs => [.. settings.Select(s => Capability.PortSetting(s.Key))];

    /// <summary>The uncached extension placed at the smallest alignment Windows guarantees in dump mode.</summary>
    public static PortLimitScenario UncachedExtensionAlignment() => new(
        "uncached-extension-minimum-alignment",
        "In dump mode the uncached extension comes from the dump port's small preallocated pool, aligned only as far as Windows guarantees there (not to a page). A miniport that assumes page alignment for its queues or frames corrupts them.",
        "with the uncached extension at the minimum alignment, the dump succeeds and reads back with every page identical",
        ("uncached_extension_alignment", "8"));

    /// <summary>One page per request, one physical break.</summary>
    public static PortLimitScenario TinyTransfers() => new(
        "tiny-transfer-limits",
        "The port splits every write at MaximumTransferLength and at NumberOfPhysicalBreaks + 1 scatter/gather elements. With the smallest limits each request carries one page, and the miniport's SG list building and the port's splitting are exercised on every write.",
        "with MaximumTransferLength 4096 and NumberOfPhysicalBreaks 1, the dump succeeds and reads back with every page identical",
        ("maximum_transfer_length", "4096"),
        ("number_of_physical_breaks", "1"));

    public override void Inject(ManifestVariant variant, StackUnderTest stack)
    {
        foreach (var (key, value) in settings)
        {
            variant.SetPortSetting(key, value);
        }
    }

    public override string? Run(ScenarioBench bench) => ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
}
