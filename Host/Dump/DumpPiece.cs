namespace DumpFramework.Host.Dump;

/// <summary>
/// A piece of the dump file's byte stream: either bytes the host built (a header) or a range of physical memory
/// written straight from the dumped pages.
/// </summary>
internal readonly record struct DumpPiece(long FileOffset, long Length, ulong PhysicalAddress, ReadOnlyMemory<byte> Bytes)
{
    public bool IsMemory => Bytes.IsEmpty;

    public static DumpPiece FromMemory(long fileOffset, ulong physicalAddress, long length) => new(fileOffset, length, physicalAddress, ReadOnlyMemory<byte>.Empty);

    public static DumpPiece FromBytes(long fileOffset, ReadOnlyMemory<byte> bytes) => new(fileOffset, bytes.Length, 0, bytes);
}
