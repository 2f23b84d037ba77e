using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Host.CrashDump;

/// <summary>
/// Reads a dump file back from the disk through its block map, as SMSS does when it takes the dump out of the pagefile
/// on the next boot; hand it to <see cref="CrashDumpVerifier"/> to check a dump written through the emulated stack.
/// Read-only and seekable; unaligned reads go through a small bounce buffer because the device reads whole sectors.
/// </summary>
internal sealed class MappedDumpFileStream : Stream
{
    private const int WindowSize = 64 * 1024;

    private readonly IBlockDevice device;
    private readonly DumpBlockMap map;
    private readonly byte[] bounce;
    private readonly long length;
    private long position;

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

        this.device = device;
        this.map = map;
        this.length = length;
        bounce = new byte[Math.Max(WindowSize, map.SectorSize)];
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => length;

    /// <inheritdoc/>
    public override long Position
    {
        get => position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            position = value;
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int total = 0;
        long sector = map.SectorSize;
        while (total < buffer.Length && position < length)
        {
            long windowStart = position / sector * sector;
            long wanted = Math.Min(buffer.Length - total, length - position);
            long windowEnd = Math.Min(windowStart + bounce.Length, (position + wanted + sector - 1) / sector * sector);
            windowEnd = Math.Min(windowEnd, map.Capacity);
            foreach (var piece in map.Map(windowStart, windowEnd - windowStart))
            {
                device.Read(piece.DiskOffset, bounce.AsSpan((int)(piece.FileOffset - windowStart), (int)piece.Length));
            }

            int skip = (int)(position - windowStart);
            int take = (int)Math.Min(wanted, windowEnd - position);
            bounce.AsSpan(skip, take).CopyTo(buffer[total..]);
            total += take;
            position += take;
        }

        return total;
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return position;
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
