using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.Tests.CrashDump;

/// <summary>Test memory: each range backed by its own array, filled with seeded random bytes.</summary>
internal sealed class ArrayPhysicalMemory : IPhysicalMemory
{
    private readonly byte[][] _contents;

    public ArrayPhysicalMemory(IReadOnlyList<PhysicalRange> ranges, int seed)
    {
        Ranges = ranges;
        var random = new Random(seed);
        _contents = new byte[ranges.Count][];
        for (int i = 0; i < ranges.Count; i++)
        {
            _contents[i] = new byte[ranges[i].Length];
            random.NextBytes(_contents[i]);
        }
    }

    public IReadOnlyList<PhysicalRange> Ranges { get; }

    public int Reads { get; private set; }

    public bool IsAccessible(ulong address, ulong length, bool forWrite) => Locate(address, length) is not null;

    public bool TryRead(ulong address, Span<byte> destination)
    {
        Reads++;
        if (Locate(address, (ulong)destination.Length) is not (int index, int offset))
        {
            return false;
        }

        _contents[index].AsSpan(offset, destination.Length).CopyTo(destination);
        return true;
    }

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (Locate(address, (ulong)source.Length) is not (int index, int offset))
        {
            return false;
        }

        source.CopyTo(_contents[index].AsSpan(offset));
        return true;
    }

    /// <summary>Zeroes one page, so zero-page elision has something to leave out.</summary>
    public void ZeroPage(ulong address) => Assert.IsTrue(TryWrite(address, new byte[0x1000]), $"0x{address:X} is not test memory");

    private (int Index, int Offset)? Locate(ulong address, ulong length)
    {
        for (int i = 0; i < Ranges.Count; i++)
        {
            if (Ranges[i].Contains(address, length))
            {
                return (i, (int)(address - Ranges[i].BaseAddress));
            }
        }

        return null;
    }
}
