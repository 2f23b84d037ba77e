using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Dump;

/// <summary>What a dump's command line changes from its manifest: the format, zero pages, header fields, the dump disk.</summary>
internal sealed record DumpOptions
{
    /// <summary>The format instead of the manifest's.</summary>
    public DumpFormat? Format { get; init; }

    /// <summary>Leave all-zero pages out (bitmap dumps), besides the manifest's <c>omit_zero_pages</c>.</summary>
    public bool OmitZeroPages { get; init; }

    /// <summary>Header fields replacing the manifest's.</summary>
    public HeaderOverrides? Header { get; init; }

    /// <summary>An image file or block device to use as the dump disk instead of the manifest's.</summary>
    public string? Disk { get; init; }
}
