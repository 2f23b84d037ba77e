using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Filters;

/// <summary>
/// One dump write as a filter's DumpWrite sees it: the offset (in/out) and the data as an MDL (read-only). To change
/// the data, the filter writes its version into its own pre-allocated DMA buffer and calls <see cref="Substitute"/>
/// (the MDL substitution real filters do); it must never change the original pages.
/// </summary>
public sealed class DumpFilterWrite
{
    private readonly IPhysicalMemory _memory;

    /// <summary>Creates the write descriptor (host side).</summary>
    /// <param name="diskByteOffset">Partition-relative byte offset.</param>
    /// <param name="data">The data.</param>
    /// <param name="memory">Physical memory, for reading the data.</param>
    public DumpFilterWrite(long diskByteOffset, Mdl data, IPhysicalMemory memory)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(memory);
        DiskByteOffset = diskByteOffset;
        Data = data;
        _memory = memory;
    }

    /// <summary>The partition-relative byte offset. The docs say it should not change; real filters redirect it, so
    /// changes are allowed and logged by the host.</summary>
    public long DiskByteOffset { get; set; }

    /// <summary>The data to be written (the original MDL, or the substitute of an earlier filter).</summary>
    public Mdl Data { get; private set; }

    /// <summary>The write length in bytes (fixed: a filter cannot change the size of a write).</summary>
    public long Length => Data.ByteCount;

    /// <summary>The buffer a filter substituted, if any.</summary>
    public IDmaBuffer? SubstituteBuffer { get; private set; }

    /// <summary>Reads (a part of) the data to be written.</summary>
    /// <param name="offset">Byte offset within the write.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <returns><see langword="false"/> if the memory is not accessible.</returns>
    public bool TryRead(long offset, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return true;
        }

        return Data.Slice(offset, destination.Length).TryCopyTo(_memory, destination);
    }

    /// <summary>Replaces the data with the first <see cref="Length"/> bytes of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The filter's buffer, at least <see cref="Length"/> bytes long.</param>
    /// <exception cref="ArgumentException">The buffer is shorter than the write.</exception>
    public void Substitute(IDmaBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length < Length)
        {
            throw new ArgumentException($"A substitute buffer must hold the whole write ({Length} bytes); it has {buffer.Length}.", nameof(buffer));
        }

        Data = Mdl.FromBuffer(buffer, (int)Length);
        SubstituteBuffer = buffer;
    }
}
