namespace DumpFramework.Abstractions.Hardware;

/// <summary>
/// A memory descriptor list: a buffer described by its physical segments, as Windows hands a dump write to the port
/// (the MDL's PFN array) and as the port hands SRB data to the miniport. Adjacent segments need not be contiguous.
/// </summary>
public sealed class Mdl
{
    private readonly PhysicalSegment[] _segments;

    /// <summary>Creates an MDL over the given segments.</summary>
    /// <param name="segments">The segments, in buffer order; none may be empty.</param>
    /// <exception cref="ArgumentException">A segment has length 0.</exception>
    public Mdl(IEnumerable<PhysicalSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        _segments = [.. segments];
        long total = 0;
        foreach (var segment in _segments)
        {
            if (segment.Length == 0)
            {
                throw new ArgumentException("An MDL segment cannot be empty.", nameof(segments));
            }

            total += segment.Length;
        }

        ByteCount = total;
    }

    /// <summary>Creates an MDL over one contiguous physical range.</summary>
    /// <param name="address">Physical address.</param>
    /// <param name="length">Length in bytes (at least 1).</param>
    /// <returns>The MDL.</returns>
    public static Mdl FromContiguous(ulong address, uint length) => new([new PhysicalSegment(address, length)]);

    /// <summary>Creates an MDL over a whole DMA buffer, or its first <paramref name="length"/> bytes.</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="length">Bytes to describe; defaults to the whole buffer.</param>
    /// <returns>The MDL.</returns>
    public static Mdl FromBuffer(IDmaBuffer buffer, int length = -1)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        int bytes = length < 0 ? buffer.Length : length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, buffer.Length, nameof(length));
        return FromContiguous(buffer.PhysicalAddress, (uint)bytes);
    }

    /// <summary>The physical segments in buffer order.</summary>
    public ReadOnlySpan<PhysicalSegment> Segments => _segments;

    /// <summary>Number of segments (physical breaks + 1).</summary>
    public int SegmentCount => _segments.Length;

    /// <summary>Total length in bytes.</summary>
    public long ByteCount { get; }

    /// <summary>Finds the physical address of a byte offset and the contiguous length from there
    /// (ScsiPortGetPhysicalAddress semantics).</summary>
    /// <param name="offset">Byte offset in the buffer.</param>
    /// <param name="contiguousLength">Bytes physically contiguous from that address to the end of its segment.</param>
    /// <returns>The physical address.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is outside the buffer.</exception>
    public ulong GetPhysicalAddress(long offset, out uint contiguousLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long remaining = offset;
        foreach (var segment in _segments)
        {
            if (remaining < segment.Length)
            {
                contiguousLength = (uint)(segment.Length - remaining);
                return segment.Address + (ulong)remaining;
            }

            remaining -= segment.Length;
        }

        throw new ArgumentOutOfRangeException(nameof(offset), offset, "Offset is beyond the end of the MDL.");
    }

    /// <summary>Describes a sub-range of this MDL.</summary>
    /// <param name="offset">Byte offset of the sub-range.</param>
    /// <param name="length">Length of the sub-range in bytes.</param>
    /// <returns>A new MDL for the sub-range.</returns>
    public Mdl Slice(long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, ByteCount, nameof(length));
        var result = new List<PhysicalSegment>();
        long skip = offset;
        long left = length;
        foreach (var segment in _segments)
        {
            if (left == 0)
            {
                break;
            }

            if (skip >= segment.Length)
            {
                skip -= segment.Length;
                continue;
            }

            long take = Math.Min(segment.Length - skip, left);
            result.Add(new PhysicalSegment(segment.Address + (ulong)skip, (uint)take));
            left -= take;
            skip = 0;
        }

        return new Mdl(result);
    }

    /// <summary>Reads the described bytes from physical memory.</summary>
    /// <param name="memory">The physical address space.</param>
    /// <param name="destination">Destination of at least <see cref="ByteCount"/> bytes.</param>
    /// <returns><see langword="false"/> if a segment is unmapped.</returns>
    public bool TryCopyTo(IPhysicalMemory memory, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, ByteCount, nameof(destination));
        int position = 0;
        foreach (var segment in _segments)
        {
            if (!memory.TryRead(segment.Address, destination.Slice(position, (int)segment.Length)))
            {
                return false;
            }

            position += (int)segment.Length;
        }

        return true;
    }

    /// <summary>Writes bytes into the described physical memory.</summary>
    /// <param name="memory">The physical address space.</param>
    /// <param name="source">Exactly <see cref="ByteCount"/> bytes or fewer (a prefix is written).</param>
    /// <returns><see langword="false"/> if a segment is unmapped or read-only.</returns>
    public bool TryCopyFrom(IPhysicalMemory memory, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(memory);
        int position = 0;
        foreach (var segment in _segments)
        {
            if (position >= source.Length)
            {
                break;
            }

            int take = Math.Min((int)segment.Length, source.Length - position);
            if (!memory.TryWrite(segment.Address, source.Slice(position, take)))
            {
                return false;
            }

            position += take;
        }

        return true;
    }
}
