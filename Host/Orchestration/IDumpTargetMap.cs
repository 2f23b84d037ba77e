namespace DumpFramework.Host.Orchestration;

/// <summary>
/// Where the dump file's bytes live on the disk: the dump file's block map (the pagefile's retrieval pointers turned
/// into disk byte offsets). Offsets given to filters are relative to <see cref="PartitionOffset"/>.
/// </summary>
internal interface IDumpTargetMap
{
    /// <summary>Bytes the map can hold.</summary>
    long Capacity { get; }

    /// <summary>The disk byte offset that partition-relative offsets count from.</summary>
    long PartitionOffset { get; }

    /// <summary>Maps a range of the dump file to disk ranges, split at extent boundaries.</summary>
    IEnumerable<(long DiskOffset, long Length)> Map(long fileOffset, long length);
}
