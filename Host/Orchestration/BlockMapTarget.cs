using DumpFramework.Host.CrashDump;

namespace DumpFramework.Host.Orchestration;

/// <summary>The dump file's block map as the writer and reader use it; offsets for filters count from the dump volume's start.</summary>
internal sealed class BlockMapTarget(DumpBlockMap map, long partitionOffset) : IDumpTargetMap
{
    public long Capacity => map.Capacity;

    public long PartitionOffset => partitionOffset;

    public DumpBlockMap BlockMap => map;

    public IEnumerable<(long DiskOffset, long Length)> Map(long fileOffset, long length) =>
        map.Map(fileOffset, length).Select(piece => (piece.DiskOffset, piece.Length));
}
