using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.Tests.Filters.TestSupport;

/// <summary>
/// Test harness only: a small array-backed physical address space and DMA allocator for driving filters without
/// the Hardware project's address space. Regions are mapped explicitly; DMA buffers come from 0xF000_0000 up.
/// <see cref="AllocationsForbidden"/> models crash mode, where nothing may allocate.
/// </summary>
internal sealed class HarnessPhysicalMemory : IPhysicalMemory, IDmaAllocator
{
    private const ulong DmaBase = 0xF000_0000;
    private readonly List<(ulong Address, byte[] Bytes)> _regions = [];
    private ulong _nextDma = DmaBase;

    public IReadOnlyList<PhysicalRange> Ranges =>
        [.. _regions.OrderBy(r => r.Address).Select(r => new PhysicalRange(r.Address, (ulong)r.Bytes.Length))];

    /// <summary>Buffers handed out by <see cref="Allocate"/>, in order.</summary>
    public List<HarnessDmaBuffer> Allocations { get; } = [];

    /// <summary>When set, <see cref="Allocate"/> throws as the real allocator does in crash mode.</summary>
    public bool AllocationsForbidden { get; set; }

    /// <summary>Maps <paramref name="bytes"/> (by reference) at <paramref name="address"/>.</summary>
    public void Map(ulong address, byte[] bytes)
    {
        if (_regions.Any(r => address < r.Address + (ulong)r.Bytes.Length && r.Address < address + (ulong)bytes.Length))
        {
            throw new InvalidOperationException($"0x{address:X} overlaps a mapped region");
        }

        _regions.Add((address, bytes));
    }

    public IDmaBuffer Allocate(int length, int alignment, bool below4GiB)
    {
        if (AllocationsForbidden)
        {
            throw new InvalidOperationException("allocation is not allowed in crash mode");
        }

        ulong address = (_nextDma + (ulong)alignment - 1) & ~((ulong)alignment - 1);
        var buffer = new HarnessDmaBuffer(address, new byte[length]);
        Map(address, buffer.Bytes);
        _nextDma = address + (ulong)length;
        Allocations.Add(buffer);
        return buffer;
    }

    public bool IsAccessible(ulong address, ulong length, bool forWrite) => Find(address, length) is not null;

    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (Find(address, (ulong)destination.Length) is not { } region)
        {
            return false;
        }

        region.Bytes.AsSpan((int)(address - region.Address), destination.Length).CopyTo(destination);
        return true;
    }

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (Find(address, (ulong)source.Length) is not { } region)
        {
            return false;
        }

        source.CopyTo(region.Bytes.AsSpan((int)(address - region.Address)));
        return true;
    }

    private (ulong Address, byte[] Bytes)? Find(ulong address, ulong length)
    {
        foreach (var region in _regions)
        {
            if (new PhysicalRange(region.Address, (ulong)region.Bytes.Length).Contains(address, length))
            {
                return region;
            }
        }

        return null;
    }
}
