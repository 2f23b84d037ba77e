using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Scsi;

/// <summary>
/// The data phase of the request a controller model is executing: the initiator's buffer as the device resolved it,
/// one segment for a direct address or one per SG element (SAS1068 SGL, PVSCSI, BusLogic). Reused for every request;
/// the target's own chunk buffer is copied straight to or from guest memory, segment by segment, with a cursor for the
/// sequential offsets it asks for.
/// </summary>
internal sealed class SegmentedDataTransfer : IScsiDataTransfer
{
    private readonly IPhysicalMemory _memory;
    private readonly bool _enforceDirection;
    private readonly List<(ulong Address, long Length)> _segments = new(64);
    private int _cursorIndex;
    private long _cursorOffset;

    /// <summary>Creates the transfer over guest memory.</summary>
    /// <param name="memory">Where the device DMAs.</param>
    /// <param name="enforceDirection">Whether an access against the declared direction fails (a SAS1068's DMA engine
    /// moves data only the way the message declared; PVSCSI and BusLogic check the direction before the command).</param>
    public SegmentedDataTransfer(IPhysicalMemory memory, bool enforceDirection = false)
    {
        _memory = memory;
        _enforceDirection = enforceDirection;
    }

    /// <inheritdoc />
    public long Length { get; private set; }

    /// <inheritdoc />
    public ScsiDataDirection Direction { get; private set; }

    /// <summary>Whether an access of this request failed (unmapped memory, outside the buffer, against the direction).</summary>
    public bool Failed { get; private set; }

    /// <summary>Segments resolved so far.</summary>
    public int SegmentCount => _segments.Count;

    /// <summary>Starts describing a new request's buffer (empty until segments are added).</summary>
    /// <param name="direction">The direction the initiator declared.</param>
    public void Begin(ScsiDataDirection direction)
    {
        _segments.Clear();
        Length = 0;
        Direction = direction;
        Failed = false;
        _cursorIndex = 0;
        _cursorOffset = 0;
    }

    /// <summary>Appends a physically contiguous piece of the buffer.</summary>
    /// <param name="address">Its physical address.</param>
    /// <param name="length">Its length in bytes (positive).</param>
    public void Add(ulong address, long length)
    {
        _segments.Add((address, length));
        Length += length;
    }

    /// <summary>Whether every segment is mapped (and writable for a data-in transfer).</summary>
    /// <param name="forWrite">Whether the device will write the memory.</param>
    /// <returns><see langword="true"/> when the whole buffer can be reached.</returns>
    public bool IsAccessible(bool forWrite)
    {
        foreach (var (address, length) in _segments)
        {
            if (!_memory.IsAccessible(address, (ulong)length, forWrite))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool TryReadFromInitiator(long offset, Span<byte> destination)
    {
        if ((_enforceDirection && Direction != ScsiDataDirection.Out) || !Locate(offset, destination.Length, out int index, out long within))
        {
            Failed = true;
            return false;
        }

        int done = 0;
        while (done < destination.Length)
        {
            var (address, length) = _segments[index];
            int take = (int)Math.Min(length - within, destination.Length - done);
            if (!_memory.TryRead(address + (ulong)within, destination.Slice(done, take)))
            {
                Failed = true;
                return false;
            }

            done += take;
            index++;
            within = 0;
        }

        return true;
    }

    /// <inheritdoc />
    public int MapForRead(long offset, int maximum, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (_memory is not PhysicalAddressSpace space || Direction != ScsiDataDirection.Out || !Locate(offset, maximum, out int index, out long within) || maximum == 0)
        {
            return 0;
        }

        // The segments from `offset` while each starts where the one before ended: one physically contiguous run.
        ulong address = _segments[index].Address + (ulong)within;
        long run = Math.Min(_segments[index].Length - within, maximum);
        while (run < maximum && ++index < _segments.Count && _segments[index].Address == address + (ulong)run)
        {
            run += Math.Min(_segments[index].Length, maximum - run);
        }

        return space.MapBuffer(address, (int)run, out bytes);
    }

    /// <inheritdoc />
    public bool TryWriteToInitiator(long offset, ReadOnlySpan<byte> source)
    {
        if ((_enforceDirection && Direction != ScsiDataDirection.In) || !Locate(offset, source.Length, out int index, out long within))
        {
            Failed = true;
            return false;
        }

        int done = 0;
        while (done < source.Length)
        {
            var (address, length) = _segments[index];
            int take = (int)Math.Min(length - within, source.Length - done);
            if (!_memory.TryWrite(address + (ulong)within, source.Slice(done, take)))
            {
                Failed = true;
                return false;
            }

            done += take;
            index++;
            within = 0;
        }

        return true;
    }

    /// <summary>Finds the segment holding <paramref name="offset"/>; the cursor makes sequential access O(1).</summary>
    private bool Locate(long offset, int count, out int index, out long within)
    {
        index = 0;
        within = 0;
        if (offset < 0 || count < 0 || offset > Length - count)
        {
            return false;
        }

        if (count == 0)
        {
            return true;
        }

        if (offset < _cursorOffset)
        {
            _cursorIndex = 0;
            _cursorOffset = 0;
        }

        while (offset >= _cursorOffset + _segments[_cursorIndex].Length)
        {
            _cursorOffset += _segments[_cursorIndex].Length;
            _cursorIndex++;
        }

        index = _cursorIndex;
        within = offset - _cursorOffset;
        return true;
    }
}
