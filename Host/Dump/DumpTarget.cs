using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Dump;

/// <summary>
/// The stack's disks as they will be opened, and where the dump file lies on its disk (its block map), resolved from
/// the manifest without creating or writing anything: an image that is missing is only planned at its size, an
/// existing one or a block device is measured read-only. Crashdmp likewise knows the pagefile's retrieval pointers
/// before the bugcheck; nothing about the target is worked out at crash time.
/// </summary>
internal sealed class DumpTarget
{
    private DumpTarget(IReadOnlyList<string> diskPaths, int dumpDiskIndex, long dumpDiskLength, DumpBlockMap blockMap, long partitionOffset)
    {
        DiskPaths = diskPaths;
        DumpDiskIndex = dumpDiskIndex;
        DumpDiskLength = dumpDiskLength;
        BlockMap = blockMap;
        PartitionOffset = partitionOffset;
    }

    /// <summary>Each disk's image or device path, in manifest order (the dump disk's override applied).</summary>
    public IReadOnlyList<string> DiskPaths { get; }

    /// <summary>The dump disk's index in the manifest's disk list.</summary>
    public int DumpDiskIndex { get; }

    /// <summary>The dump disk's image or device.</summary>
    public string DumpDiskPath => DiskPaths[DumpDiskIndex];

    /// <summary>The dump disk's size in bytes as it will be opened.</summary>
    public long DumpDiskLength { get; }

    /// <summary>The dump file's block map: the manifest's extents, or the whole dump region.</summary>
    public DumpBlockMap BlockMap { get; }

    /// <summary>The disk byte offset the filters' partition-relative offsets count from (the dump volume's start).</summary>
    public long PartitionOffset { get; }

    /// <summary>Bytes of dump file the block map holds.</summary>
    public long Capacity => BlockMap.Capacity;

    /// <summary>Resolves every disk of <paramref name="manifest"/> and the dump file's block map.</summary>
    /// <param name="manifest">The stack manifest.</param>
    /// <param name="dumpDiskOverride">An image or block device to use as the dump disk instead of the manifest's.</param>
    /// <exception cref="ManifestException">A disk cannot be opened as given, or the dump region does not fit its disk.</exception>
    public static DumpTarget Resolve(StackManifest manifest, string? dumpDiskOverride)
    {
        var dump = manifest.Dump;
        var paths = new List<string>();
        int dumpIndex = -1;
        long dumpLength = 0;
        for (int i = 0; i < manifest.Disks.Count; i++)
        {
            var disk = manifest.Disks[i];
            bool isDumpDisk = disk.Target == dump.Disk;
            string path = isDumpDisk && dumpDiskOverride is not null ? Path.GetFullPath(dumpDiskOverride) : disk.ImagePath;
            long length = Measure(disk, path);
            paths.Add(path);
            if (isDumpDisk)
            {
                dumpIndex = i;
                dumpLength = length;
            }
        }

        if (dump.Length > dumpLength || dump.Offset > dumpLength - dump.Length)
        {
            throw new ManifestException(dump.LengthLocation, $"the dump region ({ByteSize.Format(dump.Offset)} + {ByteSize.Format(dump.Length)}) lies outside {paths[dumpIndex]} ({ByteSize.Format(dumpLength)})");
        }

        var extents = dump.Extents.Count == 0
            ? [new DiskExtent(dump.Offset, dump.Length)]
            : dump.Extents.Select(e => new DiskExtent(e.Offset, e.Length)).ToList();
        DumpBlockMap map;
        try
        {
            map = new DumpBlockMap(extents, manifest.Disks[dumpIndex].SectorSize, dumpLength);
        }
        catch (ArgumentException error)
        {
            throw new ManifestException(dump.Extents.Count == 0 ? dump.LengthLocation : dump.ExtentsLocation, $"the dump file's block map: {error.Message}");
        }

        return new DumpTarget(paths, dumpIndex, dumpLength, map, dump.Offset);
    }

    // The size the disk will have when the hardware opens it, found without creating or writing anything.
    private static long Measure(DiskSpec disk, string path)
    {
        try
        {
            var node = FileNode.Inspect(path);
            if (node.Kind is FileNodeKind.CharacterDevice or FileNodeKind.Fifo or FileNodeKind.Socket)
            {
                // A FIFO would block the open until a writer came; /dev/zero has no size and no end.
                throw new IOException($"'{path}' is {node.Description}, not an image file or a block device.");
            }

            if (node.Kind == FileNodeKind.BlockDevice)
            {
                using var device = LinuxBlockDevice.Open(path, readOnly: true, disk.SectorSize);
                if (disk.Size is { } wanted && device.Length < wanted)
                {
                    throw new IOException($"Block device '{path}' holds {device.Length} bytes, less than the {wanted} bytes asked for.");
                }

                return device.Length;
            }

            if (node.Kind == FileNodeKind.Directory)
            {
                throw new IOException($"'{path}' is a directory, not an image file.");
            }

            if (node.Kind == FileNodeKind.Missing)
            {
                // Created sparse at its size when the hardware is built.
                return disk.Size ?? throw new IOException($"Image '{path}' does not exist; give a size to create it.");
            }

            long fileLength = node.Size;
            if (disk.Size is { } size && fileLength < size)
            {
                throw new IOException($"Image '{path}' is {fileLength} bytes, smaller than the {size} bytes asked for.");
            }

            long length = fileLength / disk.SectorSize * disk.SectorSize;
            return length > 0 ? length : throw new IOException($"Image '{path}' is {fileLength} bytes, smaller than one {disk.SectorSize}-byte block.");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            throw new ManifestException(disk.Location, $"cannot open disk {path}: {error.Message}");
        }
    }
}
