using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// Deterministic generated memory laid out like a PC's: several runs with holes, content a pseudo-random function of
/// (seed, physical address) so any page can be produced on its own, and about one page in 16 all zero (real memory
/// has free zeroed pages, which dump writers elide). Nothing is stored except pages written in the writable variant.
/// </summary>
public sealed class SyntheticMemory : IMemorySource
{
    /// <summary>The page size of the layout and of the zero-page pattern.</summary>
    public const int PageSize = 4096;

    private const ulong LowRunBase = 0x1000;
    private const ulong LowRunEnd = 0x9F000;
    private const ulong MainRunBase = 0x10_0000;
    private const ulong MainRunLimit = 0xC000_0000;
    private const ulong HighRunBase = 0x1_0000_0000;
    private const ulong WordStep = 0x9E37_79B9_7F4A_7C15;
    private const ulong WordMultiplier = 0xD6E8_FEB8_6659_FD93;

    private readonly PhysicalRange[] _runs;
    private readonly ulong[] _bases;
    private readonly ulong _seedKey;
    private readonly Dictionary<ulong, byte[]>? _overlay;

    /// <summary>Creates memory of <paramref name="totalBytes"/> spread like a PC's map: a run at 0x1000..0x9F000,
    /// a run from 1 MiB (up to below 3 GiB, about three quarters of the rest) and a run at 4 GiB with the remainder.</summary>
    /// <param name="totalBytes">Total bytes, at least one page; rounded down to whole pages.</param>
    /// <param name="seed">Selects the content.</param>
    /// <param name="writable">Whether writes are kept (in a sparse page overlay) instead of refused.</param>
    public SyntheticMemory(long totalBytes, int seed = 1, bool writable = false)
        : this(PcLayout(totalBytes), seed, writable)
    {
    }

    /// <summary>Creates memory with explicit runs.</summary>
    /// <param name="runs">Page-aligned, ascending, non-overlapping runs.</param>
    /// <param name="seed">Selects the content.</param>
    /// <param name="writable">Whether writes are kept (in a sparse page overlay) instead of refused.</param>
    public SyntheticMemory(IReadOnlyList<PhysicalRange> runs, int seed, bool writable = false)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("Synthetic memory needs at least one run.", nameof(runs));
        }

        MemoryRuns.Validate(runs, nameof(runs));
        foreach (var run in runs)
        {
            if (run.BaseAddress % PageSize != 0 || run.Length % PageSize != 0)
            {
                throw new ArgumentException($"Run 0x{run.BaseAddress:X}+0x{run.Length:X} is not page aligned.", nameof(runs));
            }
        }

        _runs = [.. runs];
        _bases = Array.ConvertAll(_runs, run => run.BaseAddress);
        Ranges = Array.AsReadOnly(_runs);
        Seed = seed;
        _seedKey = Mix64(0x5EED_0000_0000_0000UL ^ (uint)seed);
        _overlay = writable ? [] : null;
        ulong total = 0;
        foreach (var run in _runs)
        {
            total += run.Length;
        }

        TotalBytes = total;
        Description = $"synthetic memory, {_runs.Length} run(s), {MemoryRuns.FormatSize(total)}, seed {seed}{(writable ? ", writable" : string.Empty)}";
    }

    /// <summary>The content seed.</summary>
    public int Seed { get; }

    /// <summary>Total bytes in all runs.</summary>
    public ulong TotalBytes { get; }

    /// <inheritdoc />
    public IReadOnlyList<PhysicalRange> Ranges { get; }

    /// <inheritdoc />
    public bool IsWritable => _overlay is not null;

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Page base addresses written since creation (writable variant), ascending.</summary>
    public IReadOnlyList<ulong> ModifiedPages
    {
        get
        {
            if (_overlay is null)
            {
                return [];
            }

            lock (_overlay)
            {
                var pages = _overlay.Keys.Select(page => page * PageSize).ToArray();
                Array.Sort(pages);
                return pages;
            }
        }
    }

    /// <summary>Whether the generated content of the page holding <paramref name="address"/> is all zero (writes to
    /// the writable variant are not considered).</summary>
    /// <param name="address">Any address in the page.</param>
    /// <returns><see langword="true"/> for a generated zero page.</returns>
    public bool IsGeneratedZeroPage(ulong address) => IsZeroKey(PageKey(address / PageSize));

    /// <inheritdoc />
    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (!IsMapped(address, (ulong)destination.Length))
        {
            return false;
        }

        ulong cursor = address;
        int done = 0;
        while (done < destination.Length)
        {
            ulong page = cursor / PageSize;
            int offsetInPage = (int)(cursor % PageSize);
            int take = Math.Min(PageSize - offsetInPage, destination.Length - done);
            FillPage(page, offsetInPage, destination.Slice(done, take));
            done += take;
            cursor += (ulong)take;
        }

        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (_overlay is null || !IsMapped(address, (ulong)source.Length))
        {
            return false;
        }

        lock (_overlay)
        {
            ulong cursor = address;
            int done = 0;
            while (done < source.Length)
            {
                ulong page = cursor / PageSize;
                int offsetInPage = (int)(cursor % PageSize);
                int take = Math.Min(PageSize - offsetInPage, source.Length - done);
                if (!_overlay.TryGetValue(page, out var stored))
                {
                    stored = new byte[PageSize];
                    Generate(PageKey(page), 0, stored);
                    _overlay.Add(page, stored);
                }

                source.Slice(done, take).CopyTo(stored.AsSpan(offsetInPage));
                done += take;
                cursor += (ulong)take;
            }
        }

        return true;
    }

    /// <summary>Nothing to release; generated memory holds no resources.</summary>
    public void Dispose()
    {
    }

    private static PhysicalRange[] PcLayout(long totalBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalBytes, PageSize);
        ulong remaining = (ulong)totalBytes / PageSize * PageSize;
        var runs = new List<PhysicalRange>(3);
        ulong low = Math.Min(remaining, LowRunEnd - LowRunBase);
        runs.Add(new PhysicalRange(LowRunBase, low));
        remaining -= low;

        // Most of the rest sits below the PCI hole, as on a real machine; the remainder is remapped above 4 GiB.
        ulong main = Math.Min(remaining / 4 * 3 / PageSize * PageSize, MainRunLimit - MainRunBase);
        if (remaining > 0 && main == 0)
        {
            main = remaining;
        }

        if (main > 0)
        {
            runs.Add(new PhysicalRange(MainRunBase, main));
            remaining -= main;
        }

        if (remaining > 0)
        {
            runs.Add(new PhysicalRange(HighRunBase, remaining));
        }

        return [.. runs];
    }

    private bool IsMapped(ulong address, ulong length)
    {
        if (length == 0)
        {
            return true;
        }

        int index = MemoryRuns.Find(_bases, _runs, address);
        if (index < 0)
        {
            return false;
        }

        ulong cursor;
        ulong end = address + length;
        if (end < address)
        {
            return false;
        }

        while (true)
        {
            ulong runEnd = _runs[index].EndAddress;
            if (end <= runEnd)
            {
                return true;
            }

            cursor = runEnd;
            index++;
            if (index >= _runs.Length || _runs[index].BaseAddress != cursor)
            {
                return false;
            }
        }
    }

    private void FillPage(ulong page, int offsetInPage, Span<byte> destination)
    {
        if (_overlay is not null)
        {
            lock (_overlay)
            {
                if (_overlay.TryGetValue(page, out var stored))
                {
                    stored.AsSpan(offsetInPage, destination.Length).CopyTo(destination);
                    return;
                }
            }
        }

        ulong key = PageKey(page);
        if (IsZeroKey(key))
        {
            destination.Clear();
            return;
        }

        if ((offsetInPage & 7) == 0 && (destination.Length & 7) == 0)
        {
            Generate(key, offsetInPage >> 3, destination);
            return;
        }

        // Unaligned piece: generate the whole page on the stack and copy the slice.
        Span<byte> whole = stackalloc byte[PageSize];
        Generate(key, 0, whole);
        whole.Slice(offsetInPage, destination.Length).CopyTo(destination);
    }

    private ulong PageKey(ulong page) => Mix64(_seedKey ^ (page * 0xA24B_AED4_963E_E407UL));

    // The top nibble of the page key selects one page in 16 to be zero.
    private static bool IsZeroKey(ulong key) => key >> 60 == 0;

    /// <summary>Fills whole 64-bit words: one multiply and two xor-shifts per word keeps this well above 2 GB/s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Generate(ulong key, int firstWord, Span<byte> destination)
    {
        ref byte target = ref MemoryMarshal.GetReference(destination);
        int words = destination.Length >> 3;
        ulong state = key + ((ulong)firstWord * WordStep);
        for (int i = 0; i < words; i++)
        {
            ulong value = state;
            value ^= value >> 32;
            value *= WordMultiplier;
            value ^= value >> 29;
            if (!BitConverter.IsLittleEndian)
            {
                value = BinaryPrimitives.ReverseEndianness(value);
            }

            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, i << 3), value);
            state += WordStep;
        }
    }

    private static ulong Mix64(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return value ^ (value >> 31);
    }
}
