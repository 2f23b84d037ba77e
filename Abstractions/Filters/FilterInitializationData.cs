namespace DumpFramework.Abstractions.Filters;

/// <summary>
/// FILTER_INITIALIZATION_DATA: filled in by the filter during initialization. The host pre-fills
/// <see cref="MaxPagesPerWrite"/> (the filter may lower it, never raise it) and <see cref="SystemFlags"/>.
/// </summary>
public sealed class FilterInitializationData
{
    /// <summary>DUMP_FILTER_MAJOR_VERSION_1.</summary>
    public const int MajorVersion1 = 1;

    /// <summary>DUMP_FILTER_MAJOR_VERSION (2): needed for <see cref="IDumpFilter.Read"/> to be called.</summary>
    public const int MajorVersion2 = 2;

    /// <summary>Creates the structure with the host's pre-filled values.</summary>
    /// <param name="maxPagesPerWrite">The largest write the stack will issue, in pages.</param>
    /// <param name="systemFlags">What the stack supports.</param>
    public FilterInitializationData(int maxPagesPerWrite, SystemFilterFlags systemFlags)
    {
        MaxPagesPerWrite = maxPagesPerWrite;
        SystemFlags = systemFlags;
    }

    /// <summary>MajorVersion (1 or 2).</summary>
    public int MajorVersion { get; set; } = MajorVersion2;

    /// <summary>MinorVersion (0).</summary>
    public int MinorVersion { get; set; }

    /// <summary>MaxPagesPerWrite: pre-filled by the host; the filter may lower it to size its buffers.</summary>
    public int MaxPagesPerWrite { get; set; }

    /// <summary>Flags set by the filter (<see cref="FilterFlags.Critical"/>).</summary>
    public FilterFlags Flags { get; set; }

    /// <summary>Support flags set by the host; read-only for the filter.</summary>
    public SystemFilterFlags SystemFlags { get; }

    /// <summary>DumpData: the filter's private context, echoed back in <see cref="FilterExtension.DumpData"/>.</summary>
    public object? DumpData { get; set; }
}
