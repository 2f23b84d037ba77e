namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>Transient disk conditions injected through the dump disk's <c>faults</c> list; the dump must still be complete.</summary>
/// <param name="name">The scenario's name.</param>
/// <param name="behaviour">The Windows behaviour modelled.</param>
/// <param name="criterion">The pass criterion.</param>
/// <param name="faults">The dump disk's faults, each as key/value pairs.</param>
internal sealed class DiskFaultScenario(string name, string behaviour, string criterion, params (string Key, string Value)[][] faults) : ConformanceScenario
{
    public override string Name => name;

    public override string WindowsBehaviour => behaviour;

    public override string Expected => "a valid complete dump";

    public override string PassCriterion => criterion;

    public override IReadOnlyList<Capability> Needs => [Capability.DiskKey("faults")];

    /// <summary>BUSY and QUEUE FULL on several commands in a row.</summary>
    public static DiskFaultScenario BusyStorm() => new(
        "busy-queue-full-storm",
        "A target answers SCSI status BUSY or TASK SET FULL (QUEUE FULL) while it is occupied. The dump port waits and resubmits (diskdump is patient with a busy target) instead of failing the dump or losing the request.",
        "with BUSY then QUEUE FULL on runs of commands, the dump succeeds and reads back with every page identical",
        [("kind", "busy"), ("command", "2"), ("count", "8")],
        [("kind", "queue_full"), ("command", "20"), ("count", "8")]);

    /// <summary>NOT READY, becoming ready (04/01), for the first commands.</summary>
    public static DiskFaultScenario NotReadyBecomingReady() => new(
        "not-ready-becoming-ready",
        "A disk spinning up answers NOT READY, 'logical unit is in the process of becoming ready' (04/01). The port stalls and retries, as classpnp does, until it is ready.",
        "with NOT READY 04/01 on the first commands, the dump succeeds and reads back with every page identical",
        [("kind", "not_ready"), ("command", "1"), ("count", "3")]);

    /// <summary>RECOVERED ERROR on writes inside the region.</summary>
    public static DiskFaultScenario RecoveredError() => new(
        "recovered-error-is-success",
        "RECOVERED ERROR (sense key 1): the command completed, the device recovered on its own. Windows treats it as success; retrying or failing would be wrong.",
        "with RECOVERED ERROR on writes inside the region, the dump succeeds and reads back with every page identical",
        [("kind", "recovered_error"), ("lba", "RegionLba"), ("count", "4")]);

    public override void Inject(ManifestVariant variant, StackUnderTest stack)
    {
        var disk = stack.Manifest.DumpDisk;
        long lba = (stack.Manifest.Dump.Offset + (4 * MiB)) / disk.BlockSize;
        // "RegionLba" stands for a range of LBAs in the dump region, past the header.
        var items = faults.Select(f => f.Select(p => p.Value == "RegionLba" ? (p.Key, $"{lba}-{lba + 15}") : p).ToArray()).ToArray();
        variant.SetDisk(disk.Target, "faults", ManifestVariant.List(items));
    }

    public override string? Run(ScenarioBench bench) => ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
}
