using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;

namespace DumpFramework.Host.Dump;

/// <summary>
/// Everything a dump will do that can be known before the first write, checked once, before any disk image is
/// created or opened: the target disk and the dump file's block map, the format against the memory (at most 42 runs
/// for a complete dump), zero pages only for a bitmap dump, the header fields, and that the block map holds the whole
/// dump. Crashdmp decides the same at boot (the dump type, the pagefile's size and retrieval pointers), so that at the
/// bugcheck it only writes. The pieces are enumerated (and the headers rendered) here once; the writer replays them.
/// </summary>
internal sealed class DumpPlan
{
    private DumpPlan(StackManifest manifest, DumpTarget target, DumpFormat format, IDumpContent content, IReadOnlyList<DumpPiece> pieces)
    {
        Manifest = manifest;
        Target = target;
        Format = format;
        Content = content;
        Pieces = pieces;
    }

    public StackManifest Manifest { get; }

    /// <summary>Where the dump goes: the disk and the dump file's block map.</summary>
    public DumpTarget Target { get; }

    /// <summary>The format written (the command line's, else the manifest's).</summary>
    public DumpFormat Format { get; }

    /// <summary>What is written: its description, length and final header.</summary>
    public IDumpContent Content { get; }

    /// <summary>The dump file's pieces in file order, enumerated once.</summary>
    public IReadOnlyList<DumpPiece> Pieces { get; }

    /// <summary>Builds and checks the plan for dumping <paramref name="memory"/> through <paramref name="manifest"/>'s stack.</summary>
    /// <exception cref="ManifestException">A disk cannot be opened as given, the dump region does not fit it, or the
    /// block map (the region or its extents) is too small for the dump.</exception>
    /// <exception cref="InvalidInputException">The dump cannot be written in the asked-for form.</exception>
    public static DumpPlan Create(StackManifest manifest, IMemorySource memory, DumpOptions options)
    {
        var target = DumpTarget.Resolve(manifest, options.Disk);
        var spec = manifest.Dump;
        var format = options.Format ?? spec.Format;
        if (options.OmitZeroPages && format != DumpFormat.Bitmap)
        {
            throw new InvalidInputException(OmitZeroPagesNeedsBitmap(format));
        }

        if (spec.OmitZeroPages && format != DumpFormat.Bitmap)
        {
            throw new ManifestException(spec.Location, $"'omit_zero_pages' needs a bitmap dump; this dump is {Name(format)}");
        }

        var header = options.Header?.Apply(spec.Header) ?? spec.Header;
        var content = DumpContentFactory.Create(header, format, options.OmitZeroPages || spec.OmitZeroPages, memory);
        if (content.Length > target.Capacity)
        {
            // Refused before anything is written, as for a pagefile too small for the dump.
            throw new ManifestException(spec.Extents.Count == 0 ? spec.LengthLocation : spec.ExtentsLocation, $"crashdmp: the dump needs {content.Length} bytes (RequiredDumpSpace) but its block map holds only {target.Capacity}");
        }

        var pieces = content.Pieces().ToList();
        CheckInsideMemory(pieces, memory.Ranges);
        return new DumpPlan(manifest, target, format, content, pieces);
    }

    /// <summary>The refusal of <c>--omit-zero-pages</c> for a dump that is not a bitmap dump.</summary>
    public static string OmitZeroPagesNeedsBitmap(DumpFormat format) =>
        $"--omit-zero-pages: only a bitmap dump can leave pages out; this dump is {Name(format)} (add --format bitmap)";

    private static string Name(DumpFormat format) => format.ToString().ToLowerInvariant();

    // Every page written must come from the memory: a clear error now instead of a device fault mid-dump. A piece may
    // cross from one range into the next only where they touch (the run list merges touching ranges).
    private static void CheckInsideMemory(List<DumpPiece> pieces, IReadOnlyList<PhysicalRange> ranges)
    {
        var bases = ranges.Select(r => r.BaseAddress).ToArray();
        foreach (var piece in pieces.Where(p => p.IsMemory))
        {
            ulong address = piece.PhysicalAddress;
            ulong end = address + (ulong)piece.Length;
            int index = Array.BinarySearch(bases, address);
            index = index >= 0 ? index : ~index - 1;
            while (address < end && index >= 0 && index < ranges.Count
                && ranges[index].BaseAddress <= address && address - ranges[index].BaseAddress < ranges[index].Length)
            {
                address = Math.Min(end, ranges[index].BaseAddress + ranges[index].Length);
                index++;
            }

            if (address < end)
            {
                throw new InvalidInputException($"crashdmp: memory 0x{piece.PhysicalAddress:X} + 0x{piece.Length:X} is not mapped");
            }
        }
    }
}
