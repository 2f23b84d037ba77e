namespace DumpFramework.Abstractions.Filters;

/// <summary>
/// FILTER_EXTENSION: what the dump stack tells a filter about the dump, passed to every callback. Built by the host.
/// </summary>
public sealed class FilterExtension
{
    /// <summary>Creates an extension.</summary>
    /// <param name="dumpType">Crash dump or hibernation.</param>
    /// <param name="diskSize">Dump disk size in bytes.</param>
    /// <param name="geometry">Dump disk geometry.</param>
    /// <param name="partitionInfo">Dump disk identity.</param>
    /// <param name="partitionOffset">Byte offset on the disk of the volume (partition) that the dump offsets are relative to.</param>
    public FilterExtension(FilterDumpType dumpType, long diskSize, DiskGeometry geometry, DiskPartitionInfo partitionInfo, long partitionOffset)
    {
        DumpType = dumpType;
        DiskSize = diskSize;
        Geometry = geometry;
        PartitionInfo = partitionInfo;
        PartitionOffset = partitionOffset;
    }

    /// <summary>DumpType.</summary>
    public FilterDumpType DumpType { get; }

    /// <summary>DiskSize in bytes.</summary>
    public long DiskSize { get; }

    /// <summary>Geometry.</summary>
    public DiskGeometry Geometry { get; }

    /// <summary>PartitionInfo.</summary>
    public DiskPartitionInfo PartitionInfo { get; }

    /// <summary>Byte offset of the dump volume on the disk; write and read offsets are relative to it.</summary>
    public long PartitionOffset { get; }

    /// <summary>DumpData: the filter's private context, echoed from <see cref="FilterInitializationData.DumpData"/>.</summary>
    public object? DumpData { get; set; }

    /// <summary>Size (extension-ex): the size of the extended structure version this host implements.</summary>
    public int Size { get; init; } = 2;

    /// <summary>Flags (extension-ex).</summary>
    public FilterExtensionFlags Flags { get; init; }
}
