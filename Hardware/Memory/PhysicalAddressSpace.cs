using System.Collections.ObjectModel;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// The physical address space a bus master sees: the dumped memory (one <see cref="IMemorySource"/>) plus the DMA
/// buffers allocated here, placed in holes of the source's map. Every access is bounds-checked and fails with
/// <see langword="false"/>, never an exception. After <see cref="EnterCrashMode"/> nothing can be allocated, as in
/// Windows' crash-dump environment.
/// </summary>
/// <remarks>Reads and writes may run concurrently with an allocation: the map is replaced as a whole.</remarks>
public sealed class PhysicalAddressSpace : IPhysicalMemory, IDmaAllocator, IDisposable
{
    /// <summary>The page size allocations are rounded to.</summary>
    public const int PageSize = 4096;

    /// <summary>Where DMA buffers go by default: the top of the 32-bit space, below the usual MMIO hole's end,
    /// where memory maps normally have a gap.</summary>
    public const ulong PreferredDmaBase = 0xF000_0000;

    private const ulong FourGiB = 0x1_0000_0000;

    // Addresses above 2^52 are beyond any x64 physical address width, so never hand them out.
    private const ulong PhysicalLimit = 1UL << 52;

    private readonly IMemorySource _source;
    private readonly bool _leaveSourceOpen;
    private readonly Lock _allocationLock = new();
    private readonly List<DmaBuffer> _buffers = [];
    private volatile Map _map;
    private volatile bool _crashMode;
    private bool _disposed;

    /// <summary>Composes an address space over the dumped memory.</summary>
    /// <param name="source">The dumped memory.</param>
    /// <param name="leaveSourceOpen">Whether <see cref="Dispose"/> leaves the source undisposed.</param>
    /// <exception cref="ArgumentException">The source's runs overlap or are out of order.</exception>
    public PhysicalAddressSpace(IMemorySource source, bool leaveSourceOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        MemoryRuns.Validate(source.Ranges, nameof(source));
        _source = source;
        _leaveSourceOpen = leaveSourceOpen;
        _map = BuildMap(source, []);
    }

    /// <summary>The dumped memory.</summary>
    public IMemorySource Source => _source;

    /// <inheritdoc />
    public IReadOnlyList<PhysicalRange> Ranges => _map.Ranges;

    /// <summary>The DMA buffers allocated so far, in allocation order.</summary>
    public IReadOnlyList<DmaBuffer> Buffers
    {
        get
        {
            lock (_allocationLock)
            {
                return [.. _buffers];
            }
        }
    }

    /// <summary>Whether <see cref="EnterCrashMode"/> was called.</summary>
    public bool IsCrashMode => _crashMode;

    /// <summary>Switches to crash mode: from now on <see cref="Allocate"/> throws.</summary>
    public void EnterCrashMode() => _crashMode = true;

    /// <inheritdoc />
    public IDmaBuffer Allocate(int length, int alignment, bool below4GiB) => AllocateBuffer(length, alignment, below4GiB);

    /// <summary>Whether <see cref="AllocateBuffer"/> would find a hole for a buffer of this shape now (crash mode aside).</summary>
    /// <param name="length">Length in bytes (at least 1).</param>
    /// <param name="alignment">Physical alignment, a power of two.</param>
    /// <param name="below4GiB">Whether the whole buffer must lie below 4 GiB.</param>
    /// <returns><see langword="true"/> when a large enough hole is free.</returns>
    public bool HasHole(int length, int alignment, bool below4GiB)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        lock (_allocationLock)
        {
            return Place(length, alignment, below4GiB).Address != 0;
        }
    }

    /// <summary>Allocates a zeroed buffer outside the dumped memory (see <see cref="IDmaAllocator.Allocate"/>).</summary>
    /// <param name="length">Length in bytes (at least 1).</param>
    /// <param name="alignment">Physical alignment, a power of two; buffers are always at least page aligned.</param>
    /// <param name="below4GiB">Whether the whole buffer must lie below 4 GiB.</param>
    /// <returns>The buffer.</returns>
    /// <exception cref="InvalidOperationException">Crash mode, or no hole is large enough.</exception>
    public DmaBuffer AllocateBuffer(int length, int alignment, bool below4GiB)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentException($"Alignment {alignment} is not a positive power of two.", nameof(alignment));
        }

        if (_crashMode)
        {
            throw new InvalidOperationException("no allocation in crash mode");
        }

        lock (_allocationLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            (ulong address, ulong size, ulong align) = Place(length, alignment, below4GiB);
            if (address == 0)
            {
                throw new InvalidOperationException(
                    $"No free physical hole of 0x{size:X} bytes aligned to 0x{align:X}{(below4GiB ? " below 4 GiB" : string.Empty)} is left for a DMA buffer.");
            }

            var buffer = new DmaBuffer(address, length, size);
            _buffers.Add(buffer);
            _map = BuildMap(_source, _buffers);
            return buffer;
        }
    }

    /// <inheritdoc />
    public bool IsAccessible(ulong address, ulong length, bool forWrite)
    {
        if (length == 0)
        {
            return true;
        }

        var map = _map;
        int index = MemoryRuns.Find(map.Bases, map.RangeArray, address);
        return index >= 0 && IsAccessible(map, index, address, length, forWrite);
    }

    /// <inheritdoc />
    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return true;
        }

        var map = _map;
        int index = MemoryRuns.Find(map.Bases, map.RangeArray, address);
        if (index < 0)
        {
            return false;
        }

        // Fast path: the whole access inside one entry is one copy.
        if (map.RangeArray[index].Contains(address, (ulong)destination.Length))
        {
            return ReadEntry(map.Entries[index], address, destination);
        }

        if (!IsAccessible(map, index, address, (ulong)destination.Length, forWrite: false))
        {
            return false;
        }

        ulong cursor = address;
        int done = 0;
        while (done < destination.Length)
        {
            var range = map.RangeArray[index];
            int take = (int)Math.Min((ulong)(destination.Length - done), range.EndAddress - cursor);
            if (!ReadEntry(map.Entries[index], cursor, destination.Slice(done, take)))
            {
                return false;
            }

            done += take;
            cursor += (ulong)take;
            index++;
        }

        return true;
    }

    /// <summary>The host memory of the DMA buffer holding <paramref name="address"/>, from there to the buffer's end or
    /// <paramref name="maximum"/> bytes; 0 when the address is not in a DMA buffer (the dumped memory, a hole).</summary>
    /// <param name="address">A physical address.</param>
    /// <param name="maximum">The most bytes wanted.</param>
    /// <param name="bytes">The buffer's bytes from <paramref name="address"/>.</param>
    /// <returns>How many bytes <paramref name="bytes"/> holds.</returns>
    public int MapBuffer(ulong address, int maximum, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        var map = _map;
        int index = MemoryRuns.Find(map.Bases, map.RangeArray, address);
        if (index < 0 || maximum <= 0 || map.Entries[index].Buffer is not { } buffer)
        {
            return 0;
        }

        int start = (int)(address - buffer.PhysicalAddress);
        bytes = buffer.Data.AsSpan(start, Math.Min(maximum, buffer.Length - start));
        return bytes.Length;
    }

    /// <inheritdoc />
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            return true;
        }

        var map = _map;
        int index = MemoryRuns.Find(map.Bases, map.RangeArray, address);
        if (index < 0)
        {
            return false;
        }

        if (map.RangeArray[index].Contains(address, (ulong)source.Length))
        {
            return map.Entries[index].Writable && WriteEntry(map.Entries[index], address, source);
        }

        // Check the whole span first so a refused write leaves memory unchanged.
        if (!IsAccessible(map, index, address, (ulong)source.Length, forWrite: true))
        {
            return false;
        }

        ulong cursor = address;
        int done = 0;
        while (done < source.Length)
        {
            var range = map.RangeArray[index];
            int take = (int)Math.Min((ulong)(source.Length - done), range.EndAddress - cursor);
            if (!WriteEntry(map.Entries[index], cursor, source.Slice(done, take)))
            {
                return false;
            }

            done += take;
            cursor += (ulong)take;
            index++;
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_allocationLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        if (!_leaveSourceOpen)
        {
            _source.Dispose();
        }
    }

    private static bool IsAccessible(Map map, int index, ulong address, ulong length, bool forWrite)
    {
        ulong end = address + length;
        if (end < address)
        {
            return false;
        }

        while (true)
        {
            if (forWrite && !map.Entries[index].Writable)
            {
                return false;
            }

            ulong entryEnd = map.RangeArray[index].EndAddress;
            if (end <= entryEnd)
            {
                return true;
            }

            index++;
            if (index >= map.Bases.Length || map.Bases[index] != entryEnd)
            {
                return false;
            }
        }
    }

    private bool ReadEntry(in Entry entry, ulong address, Span<byte> destination)
    {
        if (entry.Buffer is { } buffer)
        {
            buffer.Data.AsSpan((int)(address - buffer.PhysicalAddress), destination.Length).CopyTo(destination);
            return true;
        }

        return _source.TryRead(address, destination);
    }

    private bool WriteEntry(in Entry entry, ulong address, ReadOnlySpan<byte> source)
    {
        if (entry.Buffer is { } buffer)
        {
            source.CopyTo(buffer.Data.AsSpan((int)(address - buffer.PhysicalAddress)));
            return true;
        }

        return _source.TryWrite(address, source);
    }

    // Where a buffer would go: the preferred window at the top of the 32-bit space, then anywhere below 4 GiB, then
    // (when allowed) above. Address 0 when nowhere. Called under the allocation lock.
    private (ulong Address, ulong Size, ulong Align) Place(int length, int alignment, bool below4GiB)
    {
        ulong size = ((ulong)length + PageSize - 1) & ~(ulong)(PageSize - 1);
        ulong align = Math.Max((ulong)alignment, PageSize);
        ulong address = FindHole(PreferredDmaBase, FourGiB, size, align);
        if (address == 0)
        {
            address = FindHole(PageSize, FourGiB, size, align);
        }

        if (address == 0 && !below4GiB)
        {
            address = FindHole(FourGiB, PhysicalLimit, size, align);
        }

        return (address, size, align);
    }

    /// <summary>The lowest address in [<paramref name="from"/>, <paramref name="limit"/>) where an aligned block of
    /// <paramref name="size"/> bytes overlaps neither a source run nor a buffer's reserved pages; 0 when none.</summary>
    private ulong FindHole(ulong from, ulong limit, ulong size, ulong align)
    {
        var occupied = new List<PhysicalRange>(_source.Ranges.Count + _buffers.Count);
        occupied.AddRange(_source.Ranges);
        occupied.AddRange(_buffers.Select(buffer => new PhysicalRange(buffer.PhysicalAddress, buffer.ReservedLength)));
        occupied.Sort((left, right) => left.BaseAddress.CompareTo(right.BaseAddress));

        ulong candidate = AlignUp(from, align);
        foreach (var range in occupied)
        {
            if (candidate >= limit || limit - candidate < size)
            {
                return 0;
            }

            if (range.EndAddress <= candidate)
            {
                continue;
            }

            if (range.BaseAddress >= candidate + size)
            {
                return candidate;
            }

            // Occupied pages in the way: move past them, rounding the end to whole pages.
            candidate = AlignUp(AlignUp(range.EndAddress, PageSize), align);
        }

        return candidate < limit && limit - candidate >= size ? candidate : 0;
    }

    private static ulong AlignUp(ulong value, ulong align) => (value + align - 1) & ~(align - 1);

    private static Map BuildMap(IMemorySource source, List<DmaBuffer> buffers)
    {
        var entries = new List<Entry>(source.Ranges.Count + buffers.Count);
        foreach (var run in source.Ranges)
        {
            entries.Add(new Entry(run, null, source.IsWritable));
        }

        foreach (var buffer in buffers)
        {
            entries.Add(new Entry(buffer.Range, buffer, Writable: true));
        }

        entries.Sort((left, right) => left.Range.BaseAddress.CompareTo(right.Range.BaseAddress));
        var ranges = entries.Select(entry => entry.Range).ToArray();
        return new Map([.. entries], ranges, Array.ConvertAll(ranges, range => range.BaseAddress), Array.AsReadOnly(ranges));
    }

    private readonly record struct Entry(PhysicalRange Range, DmaBuffer? Buffer, bool Writable);

    private sealed record Map(Entry[] Entries, PhysicalRange[] RangeArray, ulong[] Bases, ReadOnlyCollection<PhysicalRange> Ranges);
}
