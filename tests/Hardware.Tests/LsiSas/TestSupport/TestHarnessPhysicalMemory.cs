using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>
/// Test harness only: a minimal array-backed physical address space with a few mapped regions and a bump
/// allocator. Stands in for the real PhysicalAddressSpace until it is merged.
/// </summary>
internal sealed class TestHarnessPhysicalMemory : IPhysicalMemory, IDmaAllocator
{
    private readonly List<Region> _regions = [];

    public IReadOnlyList<PhysicalRange> Ranges => [.. _regions.Select(r => new PhysicalRange(r.Base, (ulong)r.Bytes.Length))];

    /// <summary>Maps a zeroed region.</summary>
    public TestHarnessPhysicalMemory AddRegion(ulong baseAddress, int length)
    {
        _regions.Add(new Region(baseAddress, new byte[length]));
        _regions.Sort((a, b) => a.Base.CompareTo(b.Base));
        return this;
    }

    public bool IsAccessible(ulong address, ulong length, bool forWrite) => Find(address, length) is not null;

    public bool TryRead(ulong address, Span<byte> destination)
    {
        var region = Find(address, (ulong)destination.Length);
        if (region is null)
        {
            return false;
        }

        region.Bytes.AsSpan((int)(address - region.Base), destination.Length).CopyTo(destination);
        return true;
    }

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        var region = Find(address, (ulong)source.Length);
        if (region is null)
        {
            return false;
        }

        source.CopyTo(region.Bytes.AsSpan((int)(address - region.Base)));
        return true;
    }

    public IDmaBuffer Allocate(int length, int alignment, bool below4GiB)
    {
        // Without the 4 GiB restriction, prefer high memory so that 64-bit addressing is exercised.
        foreach (var region in below4GiB ? _regions : Enumerable.Reverse(_regions))
        {
            if (below4GiB && region.Base + (ulong)region.Bytes.Length > 0x1_0000_0000UL)
            {
                continue;
            }

            ulong start = (region.Base + (ulong)region.Next + (ulong)alignment - 1) & ~((ulong)alignment - 1);
            if (start + (ulong)length <= region.Base + (ulong)region.Bytes.Length)
            {
                region.Next = (int)(start + (ulong)length - region.Base);
                return new TestHarnessDmaBuffer(this, start, length);
            }
        }

        throw new InvalidOperationException("The test harness memory is exhausted.");
    }

    /// <summary>Direct view of mapped bytes (what the driver sees through its virtual mapping).</summary>
    public Span<byte> View(ulong address, int length)
    {
        var region = Find(address, (ulong)length) ?? throw new ArgumentOutOfRangeException(nameof(address), "Unmapped test memory.");
        return region.Bytes.AsSpan((int)(address - region.Base), length);
    }

    private Region? Find(ulong address, ulong length)
    {
        foreach (var region in _regions)
        {
            if (new PhysicalRange(region.Base, (ulong)region.Bytes.Length).Contains(address, length))
            {
                return region;
            }
        }

        return null;
    }

    private sealed class Region(ulong baseAddress, byte[] bytes)
    {
        public ulong Base { get; } = baseAddress;

        public byte[] Bytes { get; } = bytes;

        public int Next { get; set; }
    }
}
