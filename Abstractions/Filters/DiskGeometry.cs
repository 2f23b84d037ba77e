namespace DumpFramework.Abstractions.Filters;

/// <summary>DISK_GEOMETRY of the dump disk.</summary>
/// <param name="Cylinders">Cylinders.</param>
/// <param name="TracksPerCylinder">Tracks per cylinder (heads).</param>
/// <param name="SectorsPerTrack">Sectors per track.</param>
/// <param name="BytesPerSector">Bytes per logical sector.</param>
public readonly record struct DiskGeometry(long Cylinders, int TracksPerCylinder, int SectorsPerTrack, int BytesPerSector)
{
    /// <summary>The conventional geometry (255 heads, 63 sectors per track) for a disk of the given size.</summary>
    /// <param name="diskSize">Capacity in bytes.</param>
    /// <param name="bytesPerSector">Sector size.</param>
    /// <returns>The geometry.</returns>
    public static DiskGeometry FromSize(long diskSize, int bytesPerSector) =>
        new(diskSize / bytesPerSector / (255 * 63), 255, 63, bytesPerSector);
}
