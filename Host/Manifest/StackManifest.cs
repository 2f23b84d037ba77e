namespace DumpFramework.Host.Manifest;

/// <summary>A parsed stack manifest: the drivers from top to bottom, the hardware under them and the dump region.</summary>
internal sealed record StackManifest
{
    public required string FilePath { get; init; }

    public required string Name { get; init; }

    public required DriverReference Port { get; init; }

    public required DriverReference Miniport { get; init; }

    public required IReadOnlyList<DriverReference> Filters { get; init; }

    public required FilterErrorPolicy FilterErrorPolicy { get; init; }

    public required ControllerSpec Controller { get; init; }

    public required IReadOnlyList<DiskSpec> Disks { get; init; }

    public required DumpRegionSpec Dump { get; init; }

    /// <summary>The folder relative paths are resolved against.</summary>
    public string Directory => Path.GetDirectoryName(Path.GetFullPath(FilePath)) ?? ".";

    /// <summary>The disk the dump goes to.</summary>
    public DiskSpec DumpDisk => Disks.First(d => d.Target == Dump.Disk);
}
