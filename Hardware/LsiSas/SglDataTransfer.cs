using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>
/// The data phase of one SCSI IO request as the IOC's DMA engine sees it: the buffer described by the request's SGL.
/// Reused for every request; keeps a cursor so that the sequential chunks a target moves cost no list walk.
/// </summary>
internal sealed class SglDataTransfer(IPhysicalMemory memory) : IScsiDataTransfer
{
    private PhysicalSegment[] _segments = new PhysicalSegment[64];
    private int _segmentCount;
    private int _cursorIndex;
    private long _cursorStart;

    public long Length { get; private set; }

    public ScsiDataDirection Direction { get; private set; }

    /// <summary>Whether a DMA of this request failed (unmapped memory, wrong direction or out of bounds).</summary>
    public bool Failed { get; private set; }

    public void Clear()
    {
        _segmentCount = 0;
        _cursorIndex = 0;
        _cursorStart = 0;
        Length = 0;
        Failed = false;
        Direction = ScsiDataDirection.None;
    }

    public void AddSegment(ulong address, uint length)
    {
        if (_segmentCount == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        _segments[_segmentCount++] = new PhysicalSegment(address, length);
        Length += length;
    }

    public void Start(ScsiDataDirection direction)
    {
        Direction = direction;
        _cursorIndex = 0;
        _cursorStart = 0;
        Failed = false;
    }

    public bool TryReadFromInitiator(long offset, Span<byte> destination)
    {
        if (Direction != ScsiDataDirection.Out || !InBounds(offset, destination.Length))
        {
            Failed = true;
            return false;
        }

        int done = 0;
        while (done < destination.Length)
        {
            int piece = Locate(offset + done, destination.Length - done, out ulong address);
            if (!memory.TryRead(address, destination.Slice(done, piece)))
            {
                Failed = true;
                return false;
            }

            done += piece;
        }

        return true;
    }

    /// <inheritdoc/>
    public int MapForRead(long offset, int maximum, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (memory is not PhysicalAddressSpace space || Direction != ScsiDataDirection.Out || !InBounds(offset, maximum))
        {
            return 0;
        }

        // The elements from `offset` while each starts where the one before ended: one physically contiguous run.
        int run = Locate(offset, maximum, out ulong address);
        while (run < maximum)
        {
            int next = Locate(offset + run, maximum - run, out ulong nextAddress);
            if (nextAddress != address + (ulong)run)
            {
                break;
            }

            run += next;
        }

        return space.MapBuffer(address, run, out bytes);
    }

    public bool TryWriteToInitiator(long offset, ReadOnlySpan<byte> source)
    {
        if (Direction != ScsiDataDirection.In || !InBounds(offset, source.Length))
        {
            Failed = true;
            return false;
        }

        int done = 0;
        while (done < source.Length)
        {
            int piece = Locate(offset + done, source.Length - done, out ulong address);
            if (!memory.TryWrite(address, source.Slice(done, piece)))
            {
                Failed = true;
                return false;
            }

            done += piece;
        }

        return true;
    }

    private bool InBounds(long offset, int length) => offset >= 0 && length >= 0 && offset <= Length - length;

    /// <summary>Maps a buffer offset to its bus address and the bytes (at most <paramref name="wanted"/>) contiguous from there.</summary>
    private int Locate(long offset, int wanted, out ulong address)
    {
        if (offset < _cursorStart)
        {
            _cursorIndex = 0;
            _cursorStart = 0;
        }

        while (offset >= _cursorStart + _segments[_cursorIndex].Length)
        {
            _cursorStart += _segments[_cursorIndex].Length;
            _cursorIndex++;
        }

        var segment = _segments[_cursorIndex];
        long within = offset - _cursorStart;
        address = segment.Address + (ulong)within;
        return (int)Math.Min(wanted, segment.Length - within);
    }
}
