namespace DumpFramework.Host.Manifest;

/// <summary>A disk behind the controller: its SCSI target ID (or ATA device), image and geometry.</summary>
internal sealed record DiskSpec(int Target, int Lun, string Image, long? Size, int BlockSize, SourceLocation Location, SourceLocation SizeLocation)
{
    /// <summary>The image path made absolute against the manifest's folder.</summary>
    public required string ImagePath { get; init; }

    /// <summary>Whether the disk answers on the bus; <see langword="false"/> models a pulled cable (selection timeout).</summary>
    public bool Attached { get; init; } = true;
}
