namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>A disk whose sector format is not 512n: 4Kn (4096-byte logical sectors) or 512e (512 logical on 4096 physical).</summary>
/// <param name="name">The scenario's name.</param>
/// <param name="logical">Logical sector size.</param>
/// <param name="physical">Physical sector size.</param>
internal sealed class SectorFormatScenario(string name, int logical, int physical) : ConformanceScenario
{
    public override string Name => name;

    public override string WindowsBehaviour => logical == 4096
        ? "A 4Kn disk: READ CAPACITY (16) reports 4096-byte logical blocks; every LBA and transfer length counts 4 KiB blocks, the dump file's block map is in 4 KiB units and the encryption filter's data unit is 4 KiB."
        : "A 512e disk: 512-byte logical blocks on 4096-byte physical sectors (READ CAPACITY (16) LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT 3, ATA IDENTIFY word 106). Writes stay correct whatever their alignment to the physical sector.";

    public override string Expected => "a valid complete dump";

    public override string PassCriterion => $"on a disk with {logical}-byte logical and {physical}-byte physical sectors, the dump succeeds and reads back with every page identical";

    public override IReadOnlyList<Capability> Needs => physical == logical
        ? [Capability.DiskKey("sector_size")]
        : [Capability.DiskKey("sector_size"), Capability.DiskKey("physical_sector_size")];

    public override void Shape(ManifestVariant variant, StackUnderTest stack)
    {
        foreach (var disk in stack.Manifest.Disks)
        {
            // The sector format replaces the legacy block_size key where a manifest gave one.
            variant.RemoveDisk(disk.Target, "block_size");
            variant.SetDisk(disk.Target, "sector_size", ManifestVariant.Number(logical));
            if (physical != logical)
            {
                variant.SetDisk(disk.Target, "physical_sector_size", ManifestVariant.Number(physical));
            }
        }
    }

    public override string? Run(ScenarioBench bench) => ExpectValidDump(bench, bench.Dump(bench.CrashManifest()));
}
