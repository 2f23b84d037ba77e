namespace DumpFramework.Host.Orchestration;

/// <summary>A dump file that occupies one contiguous region of the disk.</summary>
internal sealed class ContiguousRegionMap(long diskOffset, long length) : IDumpTargetMap
{
    public long Capacity => length;

    public long PartitionOffset => diskOffset;

    public IEnumerable<(long DiskOffset, long Length)> Map(long fileOffset, long count)
    {
        if (fileOffset < 0 || count < 0 || fileOffset + count > length)
        {
            throw new ArgumentOutOfRangeException(nameof(fileOffset), $"bytes {fileOffset}..{fileOffset + count} lie outside the dump region of {length} bytes");
        }

        yield return (diskOffset + fileOffset, count);
    }
}
