namespace DumpFramework.Host.Manifest;

/// <summary>
/// Where on which disk the dump goes and in what form: the dump volume's region (offset and length; write offsets
/// handed to filters are relative to its start), optionally the dump file's block map inside it (extents in file
/// order, like the pagefile's retrieval pointers), the dump format and the header fields.
/// </summary>
internal sealed record DumpRegionSpec(int Disk, long Offset, long Length, SourceLocation Location, SourceLocation OffsetLocation, SourceLocation LengthLocation)
{
    /// <summary>The dump file's extents as (disk byte offset, length); empty = the whole region, contiguous.</summary>
    public IReadOnlyList<(long Offset, long Length)> Extents { get; init; } = [];

    public SourceLocation ExtentsLocation { get; init; }

    /// <summary>Where each extent is written, in the order of <see cref="Extents"/>.</summary>
    public IReadOnlyList<SourceLocation> ExtentLocations { get; init; } = [];

    public DumpFormat Format { get; init; } = DumpFormat.Full;

    public bool OmitZeroPages { get; init; }

    public CrashHeaderSpec Header { get; init; } = new();
}
