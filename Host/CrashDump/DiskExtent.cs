namespace DumpFramework.Host.CrashDump;

/// <summary>One extent of the dump file on disk (a retrieval pointer turned into bytes).</summary>
/// <param name="DiskOffset">Byte offset on the disk, sector aligned.</param>
/// <param name="Length">Length in bytes, a whole number of sectors.</param>
internal readonly record struct DiskExtent(long DiskOffset, long Length)
{
    /// <summary>One past the last byte.</summary>
    public long End => DiskOffset + Length;
}
