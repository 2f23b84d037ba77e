using System.Buffers.Binary;
using System.Numerics;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.CrashDump;

/// <summary>
/// Checks a MEMORY.DMP (or a pagefile holding one at offset 0) the way the strictest readers do (dump-format reference
/// §2, §8), independently of the writer's own layout code, and optionally compares every stored page with the memory it
/// was taken from. Reads in bounded chunks; never loads the file.
/// </summary>
internal sealed class CrashDumpVerifier
{
    private const int PageSize = 0x1000;
    private const int HeaderSize = DumpHeader64Offsets.HeaderSize;
    private const int ComparePages = 64;
    private const int BitmapChunk = 64 * 1024;
    private const ulong PagePattern64 = 0x4547415045474150;

    private readonly Stream _dump;
    private readonly long _fileLength;
    private readonly PhysicalMemoryReader? _source;
    private readonly List<CrashDumpFinding> _findings = [];
    private readonly byte[] _header = new byte[HeaderSize];
    private bool _incomplete;
    private uint? _dumpType;
    private ulong? _requiredDumpSpace;
    private ulong _pagesInDump;
    private ulong _missingPages;
    private ulong _pagesCompared;
    private ulong _mismatchedPages;
    private ulong _unreadablePages;
    private ulong? _firstMismatchPage;
    private ulong? _firstMismatchByte;

    private readonly IReadOnlyList<PhysicalRange>? _sourceRanges;

    private CrashDumpVerifier(Stream dump, PhysicalMemoryReader? source, IReadOnlyList<PhysicalRange>? sourceRanges)
    {
        _dump = dump;
        _source = source;
        _sourceRanges = sourceRanges;
        _fileLength = dump.Length;
    }

    /// <summary>Verifies a dump.</summary>
    /// <param name="dump">A readable, seekable stream with the dump at offset 0.</param>
    /// <param name="source">When given, every stored page is compared with this memory.</param>
    /// <returns>The findings and page comparison counts.</returns>
    public static CrashDumpVerification Verify(Stream dump, PhysicalMemoryReader? source = null) => Verify(dump, source, null);

    /// <summary>
    /// Verifies a dump against memory whose ranges are known: besides comparing every stored page, the dump must hold
    /// every page of the memory (a bitmap dump may leave out only all-zero pages) and no page outside it, so a dump
    /// of 8 MiB checked against 16 MiB of memory is not valid.
    /// </summary>
    /// <param name="dump">A readable, seekable stream with the dump at offset 0.</param>
    /// <param name="source">Reads the memory the dump was taken from.</param>
    /// <param name="sourceRanges">That memory's ranges; null compares the stored pages only.</param>
    /// <returns>The findings and page comparison counts.</returns>
    public static CrashDumpVerification Verify(Stream dump, PhysicalMemoryReader? source, IReadOnlyList<PhysicalRange>? sourceRanges)
    {
        ArgumentNullException.ThrowIfNull(dump);
        if (!dump.CanRead || !dump.CanSeek)
        {
            throw new ArgumentException("The dump stream must be readable and seekable.", nameof(dump));
        }

        return new CrashDumpVerifier(dump, source, source is null ? null : sourceRanges).Run();
    }

    /// <summary>Verifies a dump and compares its pages with <paramref name="source"/>.</summary>
    /// <param name="dump">A readable, seekable stream with the dump at offset 0.</param>
    /// <param name="source">The memory the dump was taken from.</param>
    /// <returns>The findings and page comparison counts.</returns>
    public static CrashDumpVerification Verify(Stream dump, IPhysicalMemory source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Verify(dump, source.TryRead);
    }

    private CrashDumpVerification Run()
    {
        if (CheckHeader() is { } pages)
        {
            WalkPages(pages.Runs, pages.FirstPageOffset);
            if (_sourceRanges is not null)
            {
                CheckCoverage(pages.Runs);
            }
        }
        else if (_source is not null)
        {
            Warning(CrashDumpCheck.PageContent, "Page data was not compared: the header does not say where the pages are.");
        }

        return new CrashDumpVerification
        {
            Findings = _findings,
            IsIncomplete = _incomplete,
            DumpType = _dumpType,
            RequiredDumpSpace = _requiredDumpSpace,
            PagesInDump = _pagesInDump,
            MissingPages = _missingPages,
            PagesCompared = _pagesCompared,
            MismatchedPages = _mismatchedPages,
            UnreadableSourcePages = _unreadablePages,
            FirstMismatchPageAddress = _firstMismatchPage,
            FirstMismatchByteAddress = _firstMismatchByte,
        };
    }

    /// <summary>Runs the header checks; returns where the pages are, or null when that cannot be trusted.</summary>
    private (IEnumerable<PageRun> Runs, long FirstPageOffset)? CheckHeader()
    {
        if (_fileLength < HeaderSize)
        {
            Error(CrashDumpCheck.FileSize, $"The file has 0x{_fileLength:X} bytes, less than the 0x2000-byte DUMP_HEADER64.");
            return null;
        }

        ReadAt(0, _header);
        uint signature = U32(DumpHeader64Offsets.Signature);
        if (signature != DumpSignatures.Page)
        {
            Error(CrashDumpCheck.Signature, $"Signature is 0x{signature:X8}, not 'PAGE' (0x45474150): not a crash dump.");
            return null;
        }

        uint validDump = U32(DumpHeader64Offsets.ValidDump);
        if (validDump == DumpSignatures.IncompleteValidDump || validDump == 0)
        {
            // 'PAGE' = the writer never finalised the header; 0 = SMSS invalidated it after extraction. Readers refuse both.
            _incomplete = true;
            Error(CrashDumpCheck.Incomplete, $"Incomplete dump: ValidDump is 0x{validDump:X8} instead of 'DU64' (the writer never finalised the header, or it was invalidated after extraction); readers and SMSS ignore the file.");
        }
        else if (validDump == DumpSignatures.Dump)
        {
            Error(CrashDumpCheck.ValidDump, "ValidDump is 'DUMP': a 32-bit dump, whose layout differs; only 64-bit ('DU64') dumps are supported.");
            return null;
        }
        else if (validDump != DumpSignatures.ValidDump64)
        {
            Error(CrashDumpCheck.ValidDump, $"ValidDump is 0x{validDump:X8}, not 'DU64' (0x34365544).");
            return null;
        }

        uint machine = U32(DumpHeader64Offsets.MachineImageType);
        if (machine != DumpHeader64Offsets.MachineAmd64)
        {
            Error(CrashDumpCheck.MachineType, $"MachineImageType is 0x{machine:X}, not 0x8664 (AMD64).");
        }

        // IoFillDumpHeader stores NtBuildNumber >> 28 (0xF on a release build, 0xC on a checked one) and the build
        // number (NtBuildNumber & 0xFFFF); anything else, the 'PAGE' fill included, no Windows wrote.
        uint major = U32(DumpHeader64Offsets.MajorVersion);
        uint minor = U32(DumpHeader64Offsets.MinorVersion);
        if (major is not (0xF or 0xC))
        {
            Error(CrashDumpCheck.Version, $"MajorVersion is 0x{major:X}, not 0xF (release build) or 0xC (checked build): no Windows writes that.");
        }

        if (minor is 0 or > 0xFFFF)
        {
            Error(CrashDumpCheck.Version, $"MinorVersion is 0x{minor:X}, not a build number (1..0xFFFF).");
        }

        uint processors = U32(DumpHeader64Offsets.NumberProcessors);
        if (processors == 0 || processors == DumpSignatures.Page)
        {
            Error(CrashDumpCheck.NumberProcessors, processors == 0
                ? "NumberProcessors is 0: a crashing machine has at least one processor."
                : "NumberProcessors still holds the 'PAGE' fill: it was never written.");
        }

        ulong directoryTableBase = U64(DumpHeader64Offsets.DirectoryTableBase);
        if ((directoryTableBase & 0xFFF) != 0)
        {
            Error(CrashDumpCheck.DirectoryTableBase, $"DirectoryTableBase 0x{directoryTableBase:X} is not page aligned.");
        }

        ulong required = U64(DumpHeader64Offsets.RequiredDumpSpace);
        _requiredDumpSpace = required;
        if (required < HeaderSize)
        {
            Error(CrashDumpCheck.RequiredDumpSpace, $"RequiredDumpSpace 0x{required:X} is below the 0x2000-byte header.");
        }
        else if (required > (ulong)_fileLength)
        {
            Error(CrashDumpCheck.RequiredDumpSpace, $"Truncated dump: RequiredDumpSpace 0x{required:X} exceeds the file's 0x{_fileLength:X} bytes.");
        }
        else if (required < (ulong)_fileLength)
        {
            Warning(CrashDumpCheck.TrailingData, $"The file has 0x{(ulong)_fileLength - required:X} bytes past RequiredDumpSpace 0x{required:X}; they are not part of the dump (a pagefile holding a dump, or stale data).");
        }

        int context = DumpHeader64Offsets.ContextRecord;
        uint mxCsr = U32(context + AmdContextOffsets.MxCsr);
        uint fltSaveMxCsr = U32(context + AmdContextOffsets.FltSaveMxCsr);
        if (mxCsr != fltSaveMxCsr)
        {
            Error(CrashDumpCheck.ContextMxCsr, $"CONTEXT.MxCsr 0x{mxCsr:X} (0x37C) differs from CONTEXT.FltSave.MxCsr 0x{fltSaveMxCsr:X} (0x460).");
        }

        uint type = U32(DumpHeader64Offsets.DumpType);
        _dumpType = type;
        switch (type)
        {
            case (uint)CrashDumpType.Full:
                return CheckFullDump(required);
            case (uint)CrashDumpType.BitmapFull:
            case (uint)CrashDumpType.BitmapKernel:
                return CheckBitmapDump(type, required, directoryTableBase);
            default:
                Error(CrashDumpCheck.DumpType, $"DumpType {type} is not 1 (full), 5 (bitmap full) or 6 (bitmap kernel), the types SMSS accepts.");
                return null;
        }
    }

    private (IEnumerable<PageRun> Runs, long FirstPageOffset)? CheckFullDump(ulong required)
    {
        uint runCount = U32(DumpHeader64Offsets.NumberOfRuns);
        ulong numberOfPages = U64(DumpHeader64Offsets.NumberOfPages);
        if (runCount == DumpSignatures.Page)
        {
            Error(CrashDumpCheck.RunList, "NumberOfRuns still holds the 'PAGE' fill: the memory descriptor was never written.");
            return null;
        }

        if (numberOfPages == PagePattern64)
        {
            Error(CrashDumpCheck.NumberOfPages, "NumberOfPages still holds the 'PAGE' fill: the memory descriptor was never written.");
        }

        if (runCount is 0 or > DumpHeader64Offsets.MaxRuns)
        {
            Error(CrashDumpCheck.RunList, $"NumberOfRuns is {runCount}; a full dump needs 1..{DumpHeader64Offsets.MaxRuns} runs (only 42 fit in the 700-byte descriptor).");
            return null;
        }

        var runs = new PageRun[runCount];
        UInt128 sum = 0;
        bool runsUsable = true;
        for (int i = 0; i < runs.Length; i++)
        {
            int offset = DumpHeader64Offsets.FirstRun + (i * DumpHeader64Offsets.RunSize);
            var run = new PageRun(U64(offset), U64(offset + 8));
            runs[i] = run;
            sum += run.PageCount;
            if (run.PageCount == 0)
            {
                Error(CrashDumpCheck.RunList, $"Run {i} (BasePage 0x{run.BasePage:X}) has PageCount 0.");
                runsUsable = false;
            }
            else if (run.BasePage + run.PageCount < run.BasePage || run.EndPage > ulong.MaxValue / PageSize)
            {
                Error(CrashDumpCheck.RunList, $"Run {i} (BasePage 0x{run.BasePage:X}, PageCount 0x{run.PageCount:X}) runs past the 64-bit address space.");
                runsUsable = false;
            }
            else if (i > 0 && run.BasePage < runs[i - 1].EndPage)
            {
                Error(CrashDumpCheck.RunList, $"Run {i} (BasePage 0x{run.BasePage:X}) is not above the end of run {i - 1} (PFN 0x{runs[i - 1].EndPage:X}): runs must ascend without overlap.");
                runsUsable = false;
            }
        }

        if (sum != numberOfPages)
        {
            Error(CrashDumpCheck.NumberOfPages, $"NumberOfPages 0x{numberOfPages:X} differs from the sum of the run page counts 0x{sum:X}.");
        }

        UInt128 needed = HeaderSize + (sum * PageSize);
        if (required < needed)
        {
            Error(CrashDumpCheck.RequiredDumpSpace, $"RequiredDumpSpace 0x{required:X} is less than 0x2000 + pages × 0x1000 = 0x{needed:X}.");
        }

        if (!runsUsable)
        {
            return null;
        }

        _pagesInDump = (ulong)sum;
        return (runs, HeaderSize);
    }

    private (IEnumerable<PageRun> Runs, long FirstPageOffset)? CheckBitmapDump(uint type, ulong required, ulong directoryTableBase)
    {
        if (_fileLength < BitmapDumpOffsets.Bitmap)
        {
            Error(CrashDumpCheck.FileSize, $"The file has 0x{_fileLength:X} bytes; a bitmap dump needs its bitmap header at 0x2000..0x2038.");
            return null;
        }

        Span<byte> bitmapHeader = stackalloc byte[BitmapDumpOffsets.Bitmap - BitmapDumpOffsets.Signature];
        ReadAt(BitmapDumpOffsets.Signature, bitmapHeader);
        uint signature = BinaryPrimitives.ReadUInt32LittleEndian(bitmapHeader);
        uint expected = type == (uint)CrashDumpType.BitmapFull ? DumpSignatures.FullBitmap : DumpSignatures.KernelBitmap;
        if (signature != expected)
        {
            string wanted = type == (uint)CrashDumpType.BitmapFull ? "'FDMP'" : "'SDMP'";
            Error(CrashDumpCheck.BitmapSignature, $"The bitmap header signature is 0x{signature:X8}; DumpType {type} requires {wanted}.");
        }

        uint validDump = BinaryPrimitives.ReadUInt32LittleEndian(bitmapHeader[4..]);
        if (validDump != DumpSignatures.Dump)
        {
            Error(CrashDumpCheck.BitmapValidDump, $"The bitmap header ValidDump is 0x{validDump:X8}, not 'DUMP'.");
        }

        ulong firstPage = BinaryPrimitives.ReadUInt64LittleEndian(bitmapHeader[(BitmapDumpOffsets.FirstPage - BitmapDumpOffsets.Signature)..]);
        ulong pages = BinaryPrimitives.ReadUInt64LittleEndian(bitmapHeader[(BitmapDumpOffsets.TotalPresentPages - BitmapDumpOffsets.Signature)..]);
        ulong bits = BinaryPrimitives.ReadUInt64LittleEndian(bitmapHeader[(BitmapDumpOffsets.BitmapSize - BitmapDumpOffsets.Signature)..]);
        if (bits is 0 or > uint.MaxValue)
        {
            Error(CrashDumpCheck.BitmapSize, $"BitmapSize 0x{bits:X} is not in 1..0xFFFFFFFF.");
            return null;
        }

        if (bits % 8 != 0)
        {
            Warning(CrashDumpCheck.BitmapSize, $"BitmapSize 0x{bits:X} is not a multiple of 8; kdmp-parser drops the pages of the last partial byte.");
        }

        if (pages == 0 || pages > bits)
        {
            Error(CrashDumpCheck.BitmapPages, $"The stored page count 0x{pages:X} is not in 1..BitmapSize (0x{bits:X}).");
        }

        ulong bitmapBytes = (bits + 7) / 8;
        ulong minimumHeader = BitmapDumpOffsets.Bitmap + bitmapBytes;
        if (firstPage < minimumHeader)
        {
            Error(CrashDumpCheck.BitmapHeaderSize, $"HeaderSize 0x{firstPage:X} (first page offset) is below the end of the bitmap 0x{minimumHeader:X}.");
            return null;
        }

        if (firstPage % PageSize != 0)
        {
            Warning(CrashDumpCheck.BitmapHeaderSize, $"HeaderSize 0x{firstPage:X} (first page offset) is not page aligned; every known writer aligns it.");
        }

        if (directoryTableBase / PageSize >= bits)
        {
            Error(CrashDumpCheck.DirectoryTableBase, $"DirectoryTableBase 0x{directoryTableBase:X} lies beyond the bitmap's 0x{bits:X} pages.");
        }

        if (_header.AsSpan(DumpHeader64Offsets.PhysicalMemoryBlock, DumpHeader64Offsets.PhysicalMemoryBlockSize).ContainsAnyExcept((byte)0))
        {
            Warning(CrashDumpCheck.PhysicalMemoryBlock, "The PHYSICAL_MEMORY_DESCRIPTOR64 of a bitmap dump is not zeroed as Windows leaves it.");
        }

        if ((ulong)_fileLength < minimumHeader)
        {
            Error(CrashDumpCheck.FileSize, $"Truncated dump: the file has 0x{_fileLength:X} bytes but the bitmap ends at 0x{minimumHeader:X}.");
            return null;
        }

        ulong population = CountBitmapPopulation(bits);
        if (population != pages)
        {
            Error(CrashDumpCheck.BitmapPopulation, $"The bitmap has 0x{population:X} bits set but the header says 0x{pages:X} pages are stored.");
        }

        UInt128 needed = firstPage + ((UInt128)population * PageSize);
        if ((UInt128)firstPage + ((UInt128)pages * PageSize) > required || needed > required)
        {
            Error(CrashDumpCheck.RequiredDumpSpace, $"RequiredDumpSpace 0x{required:X} is less than HeaderSize + pages × 0x1000 = 0x{needed:X}.");
        }

        if (firstPage > long.MaxValue)
        {
            return null;
        }

        _pagesInDump = population;
        return (EnumerateBitmapRuns(bits), (long)firstPage);
    }

    private ulong CountBitmapPopulation(ulong bits)
    {
        var chunk = new byte[BitmapChunk];
        ulong total = (bits + 7) / 8;
        ulong count = 0;
        for (ulong done = 0; done < total;)
        {
            int take = (int)Math.Min((ulong)chunk.Length, total - done);
            ReadAt(BitmapDumpOffsets.Bitmap + (long)done, chunk.AsSpan(0, take));
            for (int i = 0; i < take; i++)
            {
                int value = chunk[i];
                ulong firstBit = (done + (ulong)i) * 8;
                if (firstBit + 8 > bits)
                {
                    // Only the first BitmapSize bits count.
                    value &= (1 << (int)(bits - firstBit)) - 1;
                }

                count += (ulong)BitOperations.PopCount((uint)value);
            }

            done += (ulong)take;
        }

        return count;
    }

    private IEnumerable<PageRun> EnumerateBitmapRuns(ulong bits)
    {
        var chunk = new byte[BitmapChunk];
        ulong total = (bits + 7) / 8;
        ulong runStart = 0;
        bool inRun = false;
        for (ulong done = 0; done < total;)
        {
            int take = (int)Math.Min((ulong)chunk.Length, total - done);
            ReadAt(BitmapDumpOffsets.Bitmap + (long)done, chunk.AsSpan(0, take));
            for (int i = 0; i < take; i++)
            {
                byte value = chunk[i];
                ulong firstBit = (done + (ulong)i) * 8;
                bool partial = firstBit + 8 > bits;
                if (!partial && ((value == 0 && !inRun) || (value == 0xFF && inRun)))
                {
                    continue;
                }

                for (int bit = 0; bit < 8; bit++)
                {
                    ulong pfn = firstBit + (ulong)bit;
                    if (pfn >= bits)
                    {
                        break;
                    }

                    bool set = (value & (1 << bit)) != 0;
                    if (set && !inRun)
                    {
                        runStart = pfn;
                        inRun = true;
                    }
                    else if (!set && inRun)
                    {
                        yield return new PageRun(runStart, pfn - runStart);
                        inRun = false;
                    }
                }
            }

            done += (ulong)take;
        }

        if (inRun)
        {
            yield return new PageRun(runStart, bits - runStart);
        }
    }

    private void WalkPages(IEnumerable<PageRun> runs, long firstPageOffset)
    {
        byte[]? fileBuffer = _source is null ? null : new byte[ComparePages * PageSize];
        byte[]? sourceBuffer = _source is null ? null : new byte[ComparePages * PageSize];
        long fileOffset = firstPageOffset;
        ulong firstMismatchFileOffset = 0;
        foreach (var run in runs)
        {
            for (ulong pfn = run.BasePage; pfn < run.EndPage;)
            {
                if (fileOffset >= _fileLength)
                {
                    // Count the rest arithmetically: a corrupt header may claim far more pages than any file holds.
                    _missingPages += run.EndPage - pfn;
                    break;
                }

                int count = (int)Math.Min(ComparePages, run.EndPage - pfn);
                long length = (long)count * PageSize;
                long inFile = Math.Clamp(_fileLength - fileOffset, 0, length);
                int presentPages = (int)(inFile / PageSize);
                _missingPages += (ulong)(count - presentPages);
                if (_source is not null && presentPages > 0)
                {
                    var filePages = fileBuffer.AsSpan(0, presentPages * PageSize);
                    ReadAt(fileOffset, filePages);
                    var sourcePages = sourceBuffer.AsSpan(0, presentPages * PageSize);
                    bool chunkReadable = _source(pfn * PageSize, sourcePages);
                    for (int i = 0; i < presentPages; i++)
                    {
                        ulong address = (pfn + (ulong)i) * PageSize;
                        var sourcePage = sourcePages.Slice(i * PageSize, PageSize);
                        if (!chunkReadable && !_source(address, sourcePage))
                        {
                            _unreadablePages++;
                            continue;
                        }

                        _pagesCompared++;
                        var filePage = filePages.Slice(i * PageSize, PageSize);
                        int common = filePage.CommonPrefixLength(sourcePage);
                        if (common < PageSize)
                        {
                            _mismatchedPages++;
                            if (_firstMismatchPage is null)
                            {
                                _firstMismatchPage = address;
                                _firstMismatchByte = address + (ulong)common;
                                firstMismatchFileOffset = (ulong)(fileOffset + ((long)i * PageSize) + common);
                            }
                        }
                    }
                }

                pfn += (ulong)count;
                fileOffset += length;
            }
        }

        if (_missingPages > 0)
        {
            Error(CrashDumpCheck.PageContent, $"Truncated dump: 0x{_missingPages:X} of 0x{_pagesInDump:X} stored pages lie past the end of the file (0x{_fileLength:X} bytes).");
        }

        if (_mismatchedPages > 0)
        {
            Error(
                CrashDumpCheck.PageContent,
                $"0x{_mismatchedPages:X} of 0x{_pagesCompared:X} compared pages differ from the source memory; the first at physical address 0x{_firstMismatchByte:X} (page 0x{_firstMismatchPage:X}, file offset 0x{firstMismatchFileOffset:X}).");
        }

        if (_unreadablePages > 0)
        {
            Warning(CrashDumpCheck.SourceMemory, $"The source memory could not provide 0x{_unreadablePages:X} stored pages; they were not compared.");
        }
    }

    // The pages the dump holds against the pages the memory has, both ascending: every memory page must be in the
    // dump (a bitmap dump may leave out all-zero pages), and no stored page may lie outside the memory.
    private void CheckCoverage(IEnumerable<PageRun> dumpRuns)
    {
        var memoryRuns = MemoryRuns(_sourceRanges!);
        bool bitmap = _dumpType is (uint)CrashDumpType.BitmapFull or (uint)CrashDumpType.BitmapKernel;
        ulong absent = 0;
        ulong absentNonZero = 0;
        ulong? firstAbsent = null;
        var page = new byte[PageSize];
        foreach (var gap in Difference(memoryRuns, dumpRuns))
        {
            absent += gap.PageCount;
            for (ulong pfn = gap.BasePage; bitmap && pfn < gap.EndPage; pfn++)
            {
                if (_source!(pfn * PageSize, page) && page.AsSpan().ContainsAnyExcept((byte)0))
                {
                    absentNonZero++;
                    firstAbsent ??= pfn * PageSize;
                }
            }

            if (!bitmap)
            {
                firstAbsent ??= gap.BasePage * PageSize;
            }
        }

        ulong outside = 0;
        ulong? firstOutside = null;
        foreach (var extra in Difference(dumpRuns, memoryRuns))
        {
            outside += extra.PageCount;
            firstOutside ??= extra.BasePage * PageSize;
        }

        ulong memoryPages = 0;
        foreach (var run in memoryRuns)
        {
            memoryPages += run.PageCount;
        }

        string sizes = $"the dump holds 0x{_pagesInDump:X} pages ({Mebibytes(_pagesInDump)}), the memory has 0x{memoryPages:X} ({Mebibytes(memoryPages)})";
        if (bitmap ? absentNonZero > 0 : absent > 0)
        {
            ulong count = bitmap ? absentNonZero : absent;
            string kind = bitmap ? "non-zero memory pages are" : "memory pages are";
            Error(CrashDumpCheck.MemoryCoverage, $"0x{count:X} {kind} not in the dump, the first at physical address 0x{firstAbsent:X}; {sizes}: this is not a dump of that memory.");
        }

        if (outside > 0)
        {
            Error(CrashDumpCheck.MemoryCoverage, $"0x{outside:X} stored pages lie outside the memory, the first at physical address 0x{firstOutside:X}; {sizes}: this is not a dump of that memory.");
        }
    }

    private static string Mebibytes(ulong pages) => $"{pages * PageSize / (1024.0 * 1024.0):0.##} MiB";

    // Whole pages of each range (a LiME range need not be page aligned), ascending, touching ones merged.
    private static List<PageRun> MemoryRuns(IReadOnlyList<PhysicalRange> ranges)
    {
        var runs = new List<PageRun>();
        foreach (var range in ranges.OrderBy(r => r.BaseAddress))
        {
            ulong first = (range.BaseAddress + PageSize - 1) / PageSize;
            ulong end = (range.BaseAddress + range.Length) / PageSize;
            if (end <= first)
            {
                continue;
            }

            if (runs.Count > 0 && runs[^1].EndPage >= first)
            {
                var last = runs[^1];
                runs[^1] = new PageRun(last.BasePage, Math.Max(last.EndPage, end) - last.BasePage);
            }
            else
            {
                runs.Add(new PageRun(first, end - first));
            }
        }

        return runs;
    }

    // The parts of the ascending runs of a not covered by the ascending runs of b, streamed.
    private static IEnumerable<PageRun> Difference(IEnumerable<PageRun> a, IEnumerable<PageRun> b)
    {
        using var cover = b.GetEnumerator();
        bool more = cover.MoveNext();
        foreach (var run in a)
        {
            ulong at = run.BasePage;
            while (at < run.EndPage)
            {
                while (more && cover.Current.EndPage <= at)
                {
                    more = cover.MoveNext();
                }

                if (!more || cover.Current.BasePage >= run.EndPage)
                {
                    yield return new PageRun(at, run.EndPage - at);
                    break;
                }

                if (cover.Current.BasePage > at)
                {
                    yield return new PageRun(at, cover.Current.BasePage - at);
                }

                at = Math.Min(run.EndPage, cover.Current.EndPage);
            }
        }
    }

    private void ReadAt(long offset, Span<byte> destination)
    {
        _dump.Position = offset;
        _dump.ReadExactly(destination);
    }

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(offset));

    private ulong U64(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(_header.AsSpan(offset));

    private void Error(CrashDumpCheck check, string message) => _findings.Add(new CrashDumpFinding(CrashDumpFindingSeverity.Error, check, message));

    private void Warning(CrashDumpCheck check, string message) => _findings.Add(new CrashDumpFinding(CrashDumpFindingSeverity.Warning, check, message));
}
