using DumpFramework.Host.Conformance.Scenarios;

namespace DumpFramework.Host.Conformance;

/// <summary>Every conformance scenario, in the order the table lists them. The README's "Conformance kit" section documents each.</summary>
internal static class ScenarioCatalogue
{
    public static IReadOnlyList<ConformanceScenario> All { get; } =
    [
        new CleanFullDump(),
        new CleanBitmapDump(),
        new ControllerTakeover("running"),
        new ControllerTakeover("faulted"),
        new HungController(),
        new UnitAttentionAfterReset(),
        DiskFaultScenario.BusyStorm(),
        DiskFaultScenario.NotReadyBecomingReady(),
        DiskFaultScenario.RecoveredError(),
        new MediumErrorInRegion(),
        new RequestNeverCompletes(),
        new SelectionTimeout(),
        PortLimitScenario.UncachedExtensionAlignment(),
        PortLimitScenario.TinyTransfers(),
        new MiniportDumpBuffer(),
        new SectorFormatScenario("4kn-disk", 4096, 4096),
        new SectorFormatScenario("512e-disk", 512, 4096),
        new RegionBeyond2TiB(),
        new HibernationRoundTrip(),
        new PowerCut(),
        new StaleDumpInvalidated(),
        new RealisticLatency(),
    ];

    /// <summary>The scenario called <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static ConformanceScenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
