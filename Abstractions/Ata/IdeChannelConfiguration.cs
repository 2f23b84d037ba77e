namespace DumpFramework.Abstractions.Ata;

/// <summary>IDE_CHANNEL_CONFIGURATION plus the controller limits of IDE_CONTROLLER_CONFIGURATION that matter in dump mode.</summary>
public sealed class IdeChannelConfiguration
{
    /// <summary>ChannelMode: <see cref="IdeOperationMode.Dump"/> in the dump stack.</summary>
    public IdeOperationMode ChannelMode { get; init; }

    /// <summary>The channel number (0 primary, 1 secondary).</summary>
    public byte ChannelNumber { get; init; }

    /// <summary>NumberOfOverlappedRequests (1 in dump mode).</summary>
    public int NumberOfOverlappedRequests { get; set; } = 1;

    /// <summary>MaxTargetId (1: master and slave).</summary>
    public byte MaxTargetId { get; set; } = 1;

    /// <summary>MaximumTransferLength in bytes (set by the miniport).</summary>
    public uint MaximumTransferLength { get; set; } = 0x10000;

    /// <summary>NumberOfPhysicalBreaks (set by the miniport).</summary>
    public uint NumberOfPhysicalBreaks { get; set; } = 16;

    /// <summary>AlignmentMask (set by the miniport).</summary>
    public uint AlignmentMask { get; set; } = 1;

    /// <summary>Whether the controller does bus-master DMA (set by the miniport).</summary>
    public bool BusMaster { get; set; }
}
