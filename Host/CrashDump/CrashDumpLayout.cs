using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.CrashDump;

/// <summary>
/// Where everything goes in a dump file: the header, for bitmap dumps the bitmap header and bitmap, then page data in
/// ascending PFN order with no gaps. Page data is described as coalesced ranges (one piece per run or per run of
/// present pages), never per page, so gigabytes of memory cost a handful of pieces.
/// </summary>
internal sealed class CrashDumpLayout
{
    private const int PageSize = PageRunList.PageSize;

    private CrashDumpLayout(CrashDumpType dumpType, PageRun[] runs, PageBitmap? bitmap, long firstPageOffset, ulong storedPages)
    {
        DumpType = dumpType;
        Runs = runs;
        Bitmap = bitmap;
        FirstPageOffset = firstPageOffset;
        StoredPages = storedPages;
        RequiredDumpSpace = checked(firstPageOffset + ((long)storedPages * PageSize));
    }

    /// <summary>The dump type.</summary>
    public CrashDumpType DumpType { get; }

    /// <summary>The memory runs, ascending, touching ranges merged. For a full dump these are the header's run list.</summary>
    public IReadOnlyList<PageRun> Runs { get; }

    /// <summary>For bitmap dumps, the present pages; <see langword="null"/> for a full dump.</summary>
    public PageBitmap? Bitmap { get; }

    /// <summary>File offset of the first page: 0x2000 for a full dump, the page-aligned end of the bitmap otherwise.</summary>
    public long FirstPageOffset { get; }

    /// <summary>Pages stored in the file (NumberOfPages for type 1, the bitmap's set bits for 5/6).</summary>
    public ulong StoredPages { get; }

    /// <summary>Total size of the dump file (no secondary data is written).</summary>
    public long RequiredDumpSpace { get; }

    /// <summary>Whether this is a bitmap dump (type 5 or 6).</summary>
    public bool IsBitmapDump => Bitmap is not null;

    /// <summary>A full (type 1) dump of every page of every range.</summary>
    /// <param name="ranges">The machine's memory ranges.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentException">Bad ranges, or more than 42 runs after merging touching ranges.</exception>
    public static CrashDumpLayout ForFullDump(IReadOnlyList<PhysicalRange> ranges)
    {
        var runs = PageRunList.FromRanges(ranges);
        if (runs.Length > DumpHeader64Offsets.MaxRuns)
        {
            throw new ArgumentException(
                $"The memory has {runs.Length} separate runs but a full dump's PHYSICAL_MEMORY_DESCRIPTOR64 holds at most {DumpHeader64Offsets.MaxRuns}; write a bitmap dump (DumpType 5) instead.",
                nameof(ranges));
        }

        ulong pages = 0;
        foreach (var run in runs)
        {
            pages = checked(pages + run.PageCount);
        }

        return new CrashDumpLayout(CrashDumpType.Full, runs, null, DumpHeader64Offsets.HeaderSize, pages);
    }

    /// <summary>A bitmap (type 5 or 6) dump of the pages set in <paramref name="presentPages"/>.</summary>
    /// <param name="ranges">The machine's memory ranges; every present page must lie inside one.</param>
    /// <param name="presentPages">The pages to store, e.g. from <see cref="PageBitmap.FromMemory"/>.</param>
    /// <param name="dumpType"><see cref="CrashDumpType.BitmapFull"/> ('FDMP') or <see cref="CrashDumpType.BitmapKernel"/> ('SDMP').</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentException">Bad ranges, a bitmap too small for the ranges, no present page, or a present page outside the ranges.</exception>
    public static CrashDumpLayout ForBitmapDump(IReadOnlyList<PhysicalRange> ranges, PageBitmap presentPages, CrashDumpType dumpType = CrashDumpType.BitmapFull)
    {
        ArgumentNullException.ThrowIfNull(presentPages);
        if (dumpType is not (CrashDumpType.BitmapFull or CrashDumpType.BitmapKernel))
        {
            throw new ArgumentException($"DumpType {(uint)dumpType} is not a bitmap dump type (5 or 6).", nameof(dumpType));
        }

        var runs = PageRunList.FromRanges(ranges);
        ulong needed = PageBitmap.BitCountFor(runs);
        if (presentPages.BitCount < needed)
        {
            throw new ArgumentException($"The bitmap covers 0x{presentPages.BitCount:X} pages but the memory ranges reach PFN 0x{needed:X}.", nameof(presentPages));
        }

        if (presentPages.PresentCount == 0)
        {
            // Strict readers require 1 <= Pages.
            throw new ArgumentException("A bitmap dump must store at least one page; the bitmap has none set.", nameof(presentPages));
        }

        EnsurePresentPagesInsideRuns(runs, presentPages);
        long firstPage = AlignUp(BitmapDumpOffsets.Bitmap + (long)presentPages.ByteCount, PageSize);
        return new CrashDumpLayout(dumpType, runs, presentPages, firstPage, presentPages.PresentCount);
    }

    /// <summary>The pieces of the file in file order: header, bitmap header (bitmap dumps), then page data.</summary>
    /// <returns>The pieces.</returns>
    public IEnumerable<DumpFilePiece> EnumeratePieces()
    {
        yield return new DumpFilePiece(DumpFilePieceKind.DumpHeader, 0, DumpHeader64Offsets.HeaderSize, 0);
        if (IsBitmapDump)
        {
            yield return new DumpFilePiece(DumpFilePieceKind.BitmapHeader, DumpHeader64Offsets.HeaderSize, FirstPageOffset - DumpHeader64Offsets.HeaderSize, 0);
        }

        foreach (var piece in EnumeratePageData())
        {
            yield return piece;
        }
    }

    /// <summary>The page data pieces: maximal contiguous physical ranges, ascending, file offsets back to back.</summary>
    /// <returns>The pieces.</returns>
    public IEnumerable<DumpFilePiece> EnumeratePageData()
    {
        long fileOffset = FirstPageOffset;
        var runs = Bitmap is null ? (IEnumerable<PageRun>)Runs : Bitmap.EnumeratePresentRuns();
        foreach (var run in runs)
        {
            long length = (long)run.PageCount * PageSize;
            yield return new DumpFilePiece(DumpFilePieceKind.PageData, fileOffset, length, run.BasePage * PageSize);
            fileOffset += length;
        }
    }

    /// <summary>
    /// Renders any part of the bitmap header region 0x2000..<see cref="FirstPageOffset"/>: signature, 'DUMP', zeros,
    /// first-page offset, page count, bit count, the bitmap, zero padding. Lets a writer stream a large bitmap in chunks.
    /// </summary>
    /// <param name="fileOffset">Absolute file offset of <paramref name="destination"/>[0], inside the region.</param>
    /// <param name="destination">Filled; must not extend past <see cref="FirstPageOffset"/>.</param>
    /// <exception cref="InvalidOperationException">This is not a bitmap dump.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The span leaves the region.</exception>
    public void RenderBitmapHeader(long fileOffset, Span<byte> destination)
    {
        if (Bitmap is null)
        {
            throw new InvalidOperationException("A full dump has no bitmap header.");
        }

        if (fileOffset < DumpHeader64Offsets.HeaderSize || fileOffset + destination.Length > FirstPageOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(fileOffset), $"0x{fileOffset:X}+0x{destination.Length:X} is outside the bitmap header region 0x2000..0x{FirstPageOffset:X}.");
        }

        Span<byte> fixedPart = stackalloc byte[BitmapDumpOffsets.Bitmap - BitmapDumpOffsets.Signature];
        fixedPart.Clear();
        uint signature = DumpType == CrashDumpType.BitmapKernel ? DumpSignatures.KernelBitmap : DumpSignatures.FullBitmap;
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart, signature);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[(BitmapDumpOffsets.ValidDump - BitmapDumpOffsets.Signature)..], DumpSignatures.Dump);
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[(BitmapDumpOffsets.FirstPage - BitmapDumpOffsets.Signature)..], FirstPageOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[(BitmapDumpOffsets.TotalPresentPages - BitmapDumpOffsets.Signature)..], Bitmap.PresentCount);
        BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[(BitmapDumpOffsets.BitmapSize - BitmapDumpOffsets.Signature)..], Bitmap.BitCount);

        destination.Clear();
        long fixedStart = BitmapDumpOffsets.Signature;
        long fixedEnd = BitmapDumpOffsets.Bitmap;
        long end = fileOffset + destination.Length;
        if (fileOffset < fixedEnd)
        {
            int from = (int)(fileOffset - fixedStart);
            int count = (int)(Math.Min(end, fixedEnd) - fileOffset);
            fixedPart.Slice(from, count).CopyTo(destination);
        }

        long bitmapEnd = fixedEnd + (long)Bitmap.ByteCount;
        long copyStart = Math.Max(fileOffset, fixedEnd);
        long copyEnd = Math.Min(end, bitmapEnd);
        if (copyStart < copyEnd)
        {
            Bitmap.CopyBytes((ulong)(copyStart - fixedEnd), destination.Slice((int)(copyStart - fileOffset), (int)(copyEnd - copyStart)));
        }
    }

    private static void EnsurePresentPagesInsideRuns(PageRun[] runs, PageBitmap bitmap)
    {
        int runIndex = 0;
        foreach (var present in bitmap.EnumeratePresentRuns())
        {
            // Both sequences ascend, so one forward walk checks containment.
            while (runIndex < runs.Length && runs[runIndex].EndPage <= present.BasePage)
            {
                runIndex++;
            }

            if (runIndex == runs.Length || present.BasePage < runs[runIndex].BasePage)
            {
                throw new ArgumentException($"PFN 0x{present.BasePage:X} is marked present but lies outside every memory range.", nameof(bitmap));
            }

            if (present.EndPage > runs[runIndex].EndPage)
            {
                throw new ArgumentException($"PFN 0x{runs[runIndex].EndPage:X} is marked present but lies outside every memory range.", nameof(bitmap));
            }
        }
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;
}
