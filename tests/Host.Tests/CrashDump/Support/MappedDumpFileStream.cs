using DumpFramework.Hardware.Contracts;
using DumpFramework.Host.CrashDump;

namespace DumpFramework.Host.Tests.CrashDump.Support;

/// <summary>
/// Reads a dump file back from the disk through its block map, as SMSS does when it takes the dump out of the pagefile
/// on the next boot; hand it to <see cref="CrashDumpVerifier"/> to check a dump written through the emulated stack.
/// Read-only and seekable; unaligned reads go through a small bounce buffer because the device reads whole sectors.
/// </summary>
internal sealed class MappedDumpFileStream : Stream
{
    private const int WindowSize = 64 * 1024;

    private readonly IBlockDevice _device;
    private readonly DumpBlockMap _map;
    private readonly byte[] _bounce;
    private readonly long _length;
    private long _position;

    /// <summary>Creates the stream.</summary>
    /// <param name="device">The disk the dump was written to.</param>
    /// <param name="map">The dump file's extents on that disk.</param>
    /// <param name="length">Bytes to expose, e.g. the block map's capacity (a whole pagefile) or RequiredDumpSpace.</param>
    /// <exception cref="ArgumentException">The map's sector size differs from the device's, or the length exceeds the map.</exception>
    public MappedDumpFileStream(IBlockDevice device, DumpBlockMap map, long length)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(map);
        if (map.SectorSize != device.LogicalBlockSize)
        {
            throw new ArgumentException($"The block map uses {map.SectorSize}-byte sectors but the device has {device.LogicalBlockSize}-byte blocks.", nameof(map));
        }

        if (length < 0 || length > map.Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"The length must be within the block map's 0x{map.Capacity:X} bytes.");
        }

        _device = device;
        _map = map;
        _length = length;
        _bounce = new byte[Math.Max(WindowSize, map.SectorSize)];
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int total = 0;
        long sector = _map.SectorSize;
        while (total < buffer.Length && _position < _length)
        {
            long windowStart = _position / sector * sector;
            long wanted = Math.Min(buffer.Length - total, _length - _position);
            long windowEnd = Math.Min(windowStart + _bounce.Length, (_position + wanted + sector - 1) / sector * sector);
            windowEnd = Math.Min(windowEnd, _map.Capacity);
            foreach (var piece in _map.Map(windowStart, windowEnd - windowStart))
            {
                _device.Read(piece.DiskOffset, _bounce.AsSpan((int)(piece.FileOffset - windowStart), (int)piece.Length));
            }

            int skip = (int)(_position - windowStart);
            int take = (int)Math.Min(wanted, windowEnd - _position);
            _bounce.AsSpan(skip, take).CopyTo(buffer[total..]);
            total += take;
            _position += take;
        }

        return total;
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        // Read-only: nothing to flush.
    }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException("The dump file on disk is read-only.");

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The dump file on disk is read-only.");
}
