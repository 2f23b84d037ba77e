namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// HW_INITIALIZATION_DATA: what a SCSI/Storport miniport registers in DriverEntry (ScsiPortInitialize /
/// StorPortInitialize). The entry points themselves are the members of <see cref="IScsiMiniport"/>.
/// </summary>
public sealed class HwInitializationData
{
    /// <summary>NumberOfAccessRanges the adapter needs.</summary>
    public int NumberOfAccessRanges { get; init; } = 1;

    /// <summary>SrbExtensionSize: bytes of per-request miniport memory (0 for none).</summary>
    public int SrbExtensionSize { get; init; }

    /// <summary>Bytes of uncached extension the miniport will ask for (dump mode allows at most 32 KiB).</summary>
    public int UncachedExtensionSize { get; init; }

    /// <summary>NeedPhysicalAddresses.</summary>
    public bool NeedPhysicalAddresses { get; init; } = true;

    /// <summary>MapBuffers: which requests' data the port maps to <see cref="ScsiRequestBlock.DataView"/>.</summary>
    public StorMapBuffers MapBuffers { get; init; }

    /// <summary>AutoRequestSense: the adapter returns sense data with a CHECK CONDITION.</summary>
    public bool AutoRequestSense { get; init; } = true;

    /// <summary>TaggedQueuing.</summary>
    public bool TaggedQueuing { get; init; }

    /// <summary>MultipleRequestPerLu.</summary>
    public bool MultipleRequestPerLu { get; init; }
}
