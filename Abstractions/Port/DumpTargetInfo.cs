namespace DumpFramework.Abstractions.Port;

/// <summary>What the dump port learned about the dump disk when it opened it (INQUIRY, READ CAPACITY or IDENTIFY).
/// Not positional: it may grow (physical block size, write cache state) without breaking a port that builds it.</summary>
public sealed record DumpTargetInfo
{
    /// <summary>Vendor identification (trimmed).</summary>
    public required string Vendor { get; init; }

    /// <summary>Product identification (trimmed).</summary>
    public required string Product { get; init; }

    /// <summary>Product revision (trimmed).</summary>
    public required string Revision { get; init; }

    /// <summary>Number of logical blocks.</summary>
    public required long BlockCount { get; init; }

    /// <summary>Logical block size in bytes.</summary>
    public required int BlockSize { get; init; }

    /// <summary>Capacity in bytes.</summary>
    public long Capacity => BlockCount * BlockSize;
}
