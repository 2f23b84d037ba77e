namespace DumpFramework.Abstractions.Filters;

/// <summary>
/// One read through the dump stack as a filter's DumpRead sees it (Windows 8+): called after the data arrived. The
/// filter may change <see cref="Data"/> in place, e.g. to decrypt.
/// </summary>
public sealed class DumpFilterRead
{
    private readonly Memory<byte> _data;

    /// <summary>Creates the read descriptor (host side).</summary>
    /// <param name="diskByteOffset">Partition-relative byte offset.</param>
    /// <param name="data">The bytes read.</param>
    public DumpFilterRead(long diskByteOffset, Memory<byte> data)
    {
        DiskByteOffset = diskByteOffset;
        _data = data;
    }

    /// <summary>The partition-relative byte offset the data came from.</summary>
    public long DiskByteOffset { get; }

    /// <summary>The data, modifiable in place.</summary>
    public Span<byte> Data => _data.Span;
}
