using System.Globalization;
using DumpFramework.Host.Dump;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>A dump region that starts past 2 TiB, where LBAs no longer fit READ/WRITE (10).</summary>
internal sealed class RegionBeyond2TiB : ConformanceScenario
{
    private const long TiB = 1L << 40;

    public override string Name => "region-beyond-2tib";

    public override string WindowsBehaviour => "A pagefile (and so the dump file) past the first 2 TiB of a large disk: with 512-byte sectors its LBAs exceed 32 bits, so the port must use WRITE (16)/READ (16) (ATA: 48-bit commands), as storport's disk class driver does; a truncated LBA overwrites the start of the disk.";

    public override string Expected => "a valid complete dump at LBAs past 2^32";

    public override string PassCriterion => "on a sparse disk of 2 TiB + 256 MiB with the region at 2 TiB + 1 MiB, the dump succeeds and reads back with every page identical";

    public override IReadOnlyList<Capability> Needs => [Capability.SixteenByteCdbs];

    public override void Shape(ManifestVariant variant, StackUnderTest stack)
    {
        var disk = stack.Manifest.DumpDisk;
        variant.SetDisk(disk.Target, "size", ManifestVariant.Number((2 * TiB) + (256 * MiB)));
        variant.RemoveDump("extents");
        variant.SetDump("offset", ManifestVariant.Number((2 * TiB) + MiB));
        variant.SetDump("length", ManifestVariant.Number(128 * MiB));
    }

    public override string? Run(ScenarioBench bench)
    {
        var attempt = bench.Dump(bench.CrashManifest());
        if (ExpectValidDump(bench, attempt) is { } problem)
        {
            return problem;
        }

        // A port that truncates LBAs to 32 bits writes and reads the same wrong sectors, so the read back alone cannot
        // tell; the sectors the truncated LBAs alias (the region's offset modulo 2^32 sectors) must still be empty.
        var disk = attempt.Manifest.DumpDisk;
        int sector = DumpTarget.Resolve(attempt.Manifest, null).BlockMap.SectorSize;
        long aliased = (attempt.Manifest.Dump.Offset / sector % (1L << 32)) * sector;
        using var image = new FileStream(disk.ImagePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[1 << 20];
        for (long done = 0; done < attempt.ContentLength; done += buffer.Length)
        {
            image.Position = aliased + done;
            int read = image.Read(buffer, 0, buffer.Length);
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"the dump also wrote at byte {aliased + done} of the disk (LBA {(aliased + done) / sector}), where its LBAs land truncated to 32 bits: WRITE (10) was used past 2 TiB instead of WRITE (16)");
            }
        }

        return null;
    }
}
