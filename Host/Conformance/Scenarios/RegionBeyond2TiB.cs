using System.Globalization;
using DumpFramework.Host.Dump;

namespace DumpFramework.Host.Conformance.Scenarios;

/// <summary>A dump region that starts past 2 TiB, where LBAs no longer fit READ/WRITE (10) or an LBA28 ATA command.</summary>
internal sealed class RegionBeyond2TiB : ConformanceScenario
{
    // 512-byte LBA 2^32 + 2^28 + 2^24 + 2048 (2 TiB + 136 GiB + 1 MiB): truncated to 32 bits (a 10-byte CDB), 28 bits
    // (an LBA28 command) or 24 bits (a 48-bit command whose HOB bytes were never written), it lands on three different
    // sectors near the start of the disk.
    private const long RegionSector = (1L << 32) + (1L << 28) + (1L << 24) + 2048;
    private const int TruncationSectorSize = 512;
    private static readonly int[] TruncatedBits = [32, 28, 24];

    public override string Name => "region-beyond-2tib";

    public override string WindowsBehaviour => "A pagefile (and so the dump file) past the first 2 TiB of a large disk: with 512-byte sectors its LBAs exceed 32 bits, so the port must use WRITE (16)/READ (16) (ATA: the 48-bit EXT commands, LBA bits 24-47 in the HOB registers, capacity from IDENTIFY words 100-103), as storport's disk class driver and ataport do; a truncated LBA overwrites the start of the disk.";

    public override string Expected => "a valid complete dump at LBAs past 2^32";

    public override string PassCriterion => "on a sparse disk of 2 TiB + 136 GiB + 256 MiB with the region at 2 TiB + 136 GiB + 1 MiB, the dump succeeds, reads back with every page identical, and the sectors its LBAs truncated to 32, 28 or 24 bits would reach stay empty";

    public override IReadOnlyList<Capability> Needs => [Capability.SixteenByteCdbs];

    public override void Shape(ManifestVariant variant, StackUnderTest stack)
    {
        var disk = stack.Manifest.DumpDisk;
        long offset = RegionSector * TruncationSectorSize;

        // 512-byte logical sectors (512n or 512e): with 4 KiB ones the same bytes are still below LBA 2^32.
        variant.RemoveDisk(disk.Target, "block_size");
        variant.SetDisk(disk.Target, "sector_size", ManifestVariant.Number(TruncationSectorSize));
        variant.SetDisk(disk.Target, "size", ManifestVariant.Number(offset + (255 * MiB)));
        variant.RemoveDump("extents");
        variant.SetDump("offset", ManifestVariant.Number(offset));
        variant.SetDump("length", ManifestVariant.Number(128 * MiB));
    }

    public override string? Run(ScenarioBench bench)
    {
        var attempt = bench.Dump(bench.CrashManifest());
        if (ExpectValidDump(bench, attempt) is { } problem)
        {
            return problem;
        }

        // A port that truncates LBAs writes and reads the same wrong sectors, so the read back alone cannot tell; the
        // sectors the truncated LBAs alias must still be empty (the image is fresh and sparse).
        var disk = attempt.Manifest.DumpDisk;
        int sector = DumpTarget.Resolve(attempt.Manifest, null).BlockMap.SectorSize;
        long first = attempt.Manifest.Dump.Offset / sector;
        using var image = new FileStream(disk.ImagePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[1 << 20];
        foreach (int bits in TruncatedBits)
        {
            long aliased = (first & ((1L << bits) - 1)) * sector;
            if (aliased == attempt.Manifest.Dump.Offset)
            {
                continue;
            }

            for (long done = 0; done < attempt.ContentLength; done += buffer.Length)
            {
                image.Position = aliased + done;
                int read = image.Read(buffer, 0, buffer.Length);
                int written = buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0);
                if (written >= 0)
                {
                    string how = bits == 32 ? "WRITE (10) was used past 2 TiB instead of WRITE (16)" : bits == 28 ? "an LBA28 command was used instead of a 48-bit (EXT) one" : "a 48-bit command went out without its HOB LBA bytes";
                    return string.Create(CultureInfo.InvariantCulture,
                        $"the dump also wrote at byte {aliased + done + written} of the disk (LBA {(aliased + done + written) / sector}), where its LBAs land truncated to {bits} bits: {how}");
                }
            }
        }

        return null;
    }
}
