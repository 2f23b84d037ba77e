using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// A request's data buffer as the miniport sees it through a system virtual address: what SCSI_REQUEST_BLOCK.DataBuffer
/// points at when the port mapped it (HW_INITIALIZATION_DATA.MapBuffers, see <see cref="StorMapBuffers"/>). Reads and
/// writes go to the request's physical pages; nothing is copied or allocated. The port owns the view and points it at
/// each mapped request before HwBuildIo / HwStartIo; a miniport only reads and writes.
/// </summary>
public sealed class RequestDataView
{
    private readonly IPhysicalMemory _memory;
    private Mdl? _buffer;

    /// <summary>Creates a view over <paramref name="memory"/>, not yet pointing at any request.</summary>
    /// <param name="memory">The physical address space the request's pages live in.</param>
    public RequestDataView(IPhysicalMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        _memory = memory;
    }

    /// <summary>The mapped bytes: the request's DataTransferLength when the port mapped it.</summary>
    public uint Length { get; private set; }

    /// <summary>Points the view at a request's data (the port does this; the previous request's mapping ends).</summary>
    /// <param name="buffer">The request's data buffer.</param>
    /// <param name="length">Bytes mapped (at most the buffer's length).</param>
    public void Map(Mdl buffer, uint length)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffer = buffer;
        Length = (uint)Math.Min(length, buffer.ByteCount);
    }

    /// <summary>Copies mapped bytes out of the request's buffer.</summary>
    /// <param name="offset">Byte offset into the mapped data.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <returns><see langword="false"/> when the range is outside the mapping or the memory is not accessible.</returns>
    public bool Read(long offset, Span<byte> destination) =>
        InRange(offset, destination.Length) && _buffer!.TryCopyTo(offset, _memory, destination, out _);

    /// <summary>Stores bytes into the request's buffer (data-in, e.g. an INQUIRY answer the miniport builds).</summary>
    /// <param name="offset">Byte offset into the mapped data.</param>
    /// <param name="source">The bytes.</param>
    /// <returns><see langword="false"/> when the range is outside the mapping or the memory is not accessible.</returns>
    public bool Write(long offset, ReadOnlySpan<byte> source) =>
        InRange(offset, source.Length) && _buffer!.TryCopyFrom(offset, _memory, source, out _);

    private bool InRange(long offset, int count) => _buffer is not null && offset >= 0 && offset <= Length && count <= Length - offset;
}
