using System.Buffers.Binary;
using System.Numerics;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.CrashDump;

/// <summary>
/// The page bitmap of a bitmap dump: bit n set means PFN n is stored. Kept as 64-bit words (4 GiB of memory costs
/// 128 KiB) with a running count of set bits, and serialised as the little-endian bytes the file holds.
/// </summary>
internal sealed class PageBitmap
{
    /// <summary>Largest bit count the on-disk BitmapSize field allows, rounded down to a multiple of 32.</summary>
    public const ulong MaxBitCount = uint.MaxValue & ~31UL;

    private readonly ulong[] _words;

    /// <summary>Creates an empty bitmap.</summary>
    /// <param name="bitCount">Number of bits (PFNs covered): a multiple of 32, at most <see cref="MaxBitCount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is zero, not a multiple of 32 or too large.</exception>
    public PageBitmap(ulong bitCount)
    {
        // A multiple of 32 because Volatility and the strict viewer read ULONG words and kdmp-parser drops a partial byte.
        if (bitCount == 0 || bitCount % 32 != 0 || bitCount > MaxBitCount)
        {
            throw new ArgumentOutOfRangeException(nameof(bitCount), bitCount, $"A dump bitmap needs a bit count that is a non-zero multiple of 32 and at most 0x{MaxBitCount:X}.");
        }

        BitCount = bitCount;
        _words = new ulong[(bitCount + 63) / 64];
    }

    /// <summary>Number of bits, i.e. the PFN range covered (BitmapSize in the file).</summary>
    public ulong BitCount { get; }

    /// <summary>Number of set bits, i.e. pages stored (Pages / TotalPresentPages in the file).</summary>
    public ulong PresentCount { get; private set; }

    /// <summary>Size of the bitmap in the file.</summary>
    public ulong ByteCount => BitCount / 8;

    /// <summary>The bit count that covers every run: highest PFN + 1 rounded up to 32.</summary>
    /// <param name="runs">The memory runs.</param>
    /// <returns>The bit count.</returns>
    public static ulong BitCountFor(IReadOnlyList<PageRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ulong end = 0;
        foreach (var run in runs)
        {
            end = Math.Max(end, run.EndPage);
        }

        return (end + 31) & ~31UL;
    }

    /// <summary>A bitmap with every page of every range present (a complete memory dump in bitmap form).</summary>
    /// <param name="ranges">The machine's memory ranges.</param>
    /// <returns>The bitmap.</returns>
    public static PageBitmap AllPages(IReadOnlyList<PhysicalRange> ranges)
    {
        var runs = PageRunList.FromRanges(ranges);
        var bitmap = new PageBitmap(BitCountFor(runs));
        foreach (var run in runs)
        {
            bitmap.SetRange(run.BasePage, run.PageCount);
        }

        return bitmap;
    }

    /// <summary>A bitmap of the pages inside the ranges for which <paramref name="isPresent"/> says yes.</summary>
    /// <param name="ranges">The machine's memory ranges.</param>
    /// <param name="isPresent">Called once per PFN, ascending.</param>
    /// <returns>The bitmap.</returns>
    public static PageBitmap FromPredicate(IReadOnlyList<PhysicalRange> ranges, Func<ulong, bool> isPresent)
    {
        ArgumentNullException.ThrowIfNull(isPresent);
        var runs = PageRunList.FromRanges(ranges);
        var bitmap = new PageBitmap(BitCountFor(runs));
        foreach (var run in runs)
        {
            for (ulong pfn = run.BasePage; pfn < run.EndPage; pfn++)
            {
                if (isPresent(pfn))
                {
                    bitmap.Set(pfn);
                }
            }
        }

        return bitmap;
    }

    /// <summary>
    /// Streams over memory in chunks and keeps the pages <paramref name="keep"/> accepts (e.g. <see cref="NonZeroPage"/>).
    /// </summary>
    /// <param name="ranges">The machine's memory ranges.</param>
    /// <param name="memory">Reads the machine's memory.</param>
    /// <param name="keep">Decides per page.</param>
    /// <returns>The bitmap.</returns>
    /// <exception cref="IOException">Memory inside a range cannot be read.</exception>
    public static PageBitmap FromMemory(IReadOnlyList<PhysicalRange> ranges, PhysicalMemoryReader memory, PageFilter keep)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(keep);
        const int ChunkPages = 64;
        var runs = PageRunList.FromRanges(ranges);
        var bitmap = new PageBitmap(BitCountFor(runs));
        var buffer = new byte[ChunkPages * PageRunList.PageSize];
        foreach (var run in runs)
        {
            for (ulong pfn = run.BasePage; pfn < run.EndPage;)
            {
                int pages = (int)Math.Min(ChunkPages, run.EndPage - pfn);
                var chunk = buffer.AsSpan(0, pages * PageRunList.PageSize);
                if (!memory(pfn * PageRunList.PageSize, chunk))
                {
                    throw new IOException($"Physical memory 0x{pfn * PageRunList.PageSize:X}..0x{(pfn + (ulong)pages) * PageRunList.PageSize:X} inside a memory range cannot be read.");
                }

                for (int i = 0; i < pages; i++, pfn++)
                {
                    if (keep(pfn, chunk.Slice(i * PageRunList.PageSize, PageRunList.PageSize)))
                    {
                        bitmap.Set(pfn);
                    }
                }
            }
        }

        return bitmap;
    }

    /// <summary>A <see cref="PageFilter"/> that leaves out pages of all zeros.</summary>
    /// <param name="pageFrameNumber">Unused.</param>
    /// <param name="page">The page.</param>
    /// <returns><see langword="true"/> when any byte is non-zero.</returns>
    public static bool NonZeroPage(ulong pageFrameNumber, ReadOnlySpan<byte> page) => page.ContainsAnyExcept((byte)0);

    /// <summary>Whether PFN <paramref name="pfn"/> is present.</summary>
    /// <param name="pfn">Page frame number.</param>
    /// <returns><see langword="true"/> when set; <see langword="false"/> beyond the bitmap.</returns>
    public bool IsSet(ulong pfn) => pfn < BitCount && (_words[pfn >> 6] & (1UL << (int)(pfn & 63))) != 0;

    /// <summary>Marks one page present.</summary>
    /// <param name="pfn">Page frame number below <see cref="BitCount"/>.</param>
    public void Set(ulong pfn) => SetRange(pfn, 1);

    /// <summary>Marks one page absent.</summary>
    /// <param name="pfn">Page frame number below <see cref="BitCount"/>.</param>
    public void Clear(ulong pfn)
    {
        CheckRange(pfn, 1);
        ref ulong word = ref _words[pfn >> 6];
        ulong mask = 1UL << (int)(pfn & 63);
        if ((word & mask) != 0)
        {
            word &= ~mask;
            PresentCount--;
        }
    }

    /// <summary>Marks a run of pages present.</summary>
    /// <param name="firstPfn">First page frame number.</param>
    /// <param name="count">Number of pages.</param>
    public void SetRange(ulong firstPfn, ulong count)
    {
        CheckRange(firstPfn, count);
        ulong pfn = firstPfn;
        ulong end = firstPfn + count;
        while (pfn < end)
        {
            int bit = (int)(pfn & 63);
            int take = (int)Math.Min(64UL - (ulong)bit, end - pfn);
            ulong mask = take == 64 ? ulong.MaxValue : ((1UL << take) - 1) << bit;
            ref ulong word = ref _words[pfn >> 6];
            PresentCount += (ulong)BitOperations.PopCount(mask & ~word);
            word |= mask;
            pfn += (ulong)take;
        }
    }

    /// <summary>The present pages as maximal runs of consecutive PFNs, ascending; nothing per page is allocated.</summary>
    /// <returns>The runs.</returns>
    public IEnumerable<PageRun> EnumeratePresentRuns()
    {
        ulong position = 0;
        while (true)
        {
            ulong start = NextSet(position);
            if (start >= BitCount)
            {
                yield break;
            }

            ulong end = NextClear(start);
            yield return new PageRun(start, end - start);
            position = end;
        }
    }

    /// <summary>Copies the bitmap's file bytes (bit n = byte n/8, bit n%8) starting at <paramref name="byteOffset"/>.</summary>
    /// <param name="byteOffset">Offset into the bitmap's bytes.</param>
    /// <param name="destination">Filled; bytes past <see cref="ByteCount"/> are zero.</param>
    public void CopyBytes(ulong byteOffset, Span<byte> destination)
    {
        destination.Clear();
        Span<byte> word = stackalloc byte[8];
        for (int i = 0; i < destination.Length;)
        {
            ulong offset = byteOffset + (ulong)i;
            if (offset >= ByteCount)
            {
                break;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(word, _words[offset / 8]);
            int within = (int)(offset % 8);
            int take = (int)Math.Min((ulong)Math.Min(8 - within, destination.Length - i), ByteCount - offset);
            word.Slice(within, take).CopyTo(destination[i..]);
            i += take;
        }
    }

    private ulong NextSet(ulong from)
    {
        if (from >= BitCount)
        {
            return BitCount;
        }

        ulong index = from >> 6;
        ulong word = _words[index] & (ulong.MaxValue << (int)(from & 63));
        while (word == 0)
        {
            if (++index >= (ulong)_words.Length)
            {
                return BitCount;
            }

            word = _words[index];
        }

        return Math.Min((index << 6) + (ulong)BitOperations.TrailingZeroCount(word), BitCount);
    }

    private ulong NextClear(ulong from)
    {
        if (from >= BitCount)
        {
            return BitCount;
        }

        ulong index = from >> 6;
        ulong word = ~_words[index] & (ulong.MaxValue << (int)(from & 63));
        while (word == 0)
        {
            if (++index >= (ulong)_words.Length)
            {
                return BitCount;
            }

            word = ~_words[index];
        }

        return Math.Min((index << 6) + (ulong)BitOperations.TrailingZeroCount(word), BitCount);
    }

    private void CheckRange(ulong firstPfn, ulong count)
    {
        if (count > BitCount || firstPfn > BitCount - count)
        {
            throw new ArgumentOutOfRangeException(nameof(firstPfn), $"PFNs 0x{firstPfn:X}+0x{count:X} lie outside the bitmap of 0x{BitCount:X} pages.");
        }
    }
}
