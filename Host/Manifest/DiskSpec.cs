using DumpFramework.Hardware.Faults;

namespace DumpFramework.Host.Manifest;

/// <summary>A disk behind the controller: its SCSI target ID (or ATA device), image, geometry and behaviour.</summary>
internal sealed record DiskSpec(int Target, int Lun, string Image, long? Size, int SectorSize, SourceLocation Location, SourceLocation SizeLocation)
{
    /// <summary>The image path made absolute against the manifest's folder.</summary>
    public required string ImagePath { get; init; }

    /// <summary>Whether the disk answers on the bus; <see langword="false"/> models a pulled cable (selection timeout).</summary>
    public bool Attached { get; init; } = true;

    /// <summary>The physical sector size the disk reports (<c>physical_sector_size</c>; default the logical one).</summary>
    public int PhysicalSectorSize { get; init; } = 512;

    /// <summary>Whether power-on and every reset raise UNIT ATTENTION 29/00 (<c>unit_attention</c>).</summary>
    public bool UnitAttention { get; init; } = true;

    /// <summary>The injected faults (<c>faults</c>).</summary>
    public IReadOnlyList<DiskFault> Faults { get; init; } = [];
}
