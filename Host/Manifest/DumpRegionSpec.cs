namespace DumpFramework.Host.Manifest;

/// <summary>Where on which disk the dump goes: a region (the dump file's sectors) given by offset and length.</summary>
internal sealed record DumpRegionSpec(int Disk, long Offset, long Length, SourceLocation Location, SourceLocation OffsetLocation, SourceLocation LengthLocation);
