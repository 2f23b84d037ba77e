namespace DumpFramework.Hardware.Contracts;

/// <summary>
/// A raw block device a disk model sits on: an image file or a Linux block device. Offsets and lengths are bytes and
/// must be multiples of <see cref="LogicalBlockSize"/>.
/// </summary>
public interface IBlockDevice : IDisposable
{
    /// <summary>Where the device lives (file or device path).</summary>
    string Path { get; }

    /// <summary>Capacity in bytes.</summary>
    long Length { get; }

    /// <summary>Logical block (sector) size in bytes, e.g. 512.</summary>
    int LogicalBlockSize { get; }

    /// <summary>Physical block size in bytes, e.g. 4096 on a 512e disk.</summary>
    int PhysicalBlockSize { get; }

    /// <summary>Whether writes are refused.</summary>
    bool IsReadOnly { get; }

    /// <summary>Reads whole blocks.</summary>
    /// <param name="offset">Byte offset, block aligned.</param>
    /// <param name="destination">Destination; its length is a multiple of the block size.</param>
    /// <exception cref="IOException">The device failed.</exception>
    void Read(long offset, Span<byte> destination);

    /// <summary>Writes whole blocks.</summary>
    /// <param name="offset">Byte offset, block aligned.</param>
    /// <param name="source">Data; its length is a multiple of the block size.</param>
    /// <exception cref="IOException">The device failed or is read-only.</exception>
    void Write(long offset, ReadOnlySpan<byte> source);

    /// <summary>Makes every completed write durable (fsync / SYNCHRONIZE CACHE).</summary>
    void Flush();
}
