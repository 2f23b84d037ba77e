namespace DumpFramework.Hardware.Ide;

/// <summary>Work a device finishes after its busy period (immediately, or after <see cref="PiixIdeOptions.CompletionLatency"/> polls).</summary>
internal enum IdeStep
{
    /// <summary>Nothing pending.</summary>
    None = 0,

    /// <summary>Execute the command just written to the Command register.</summary>
    Execute,

    /// <summary>Read the next PIO data-in block from the medium and raise DRQ.</summary>
    LoadReadBlock,

    /// <summary>Commit the PIO data-out block the host just wrote.</summary>
    CommitWriteBlock,

    /// <summary>Run the bus-master transfer of a READ/WRITE DMA command.</summary>
    DmaTransfer,

    /// <summary>Finish a software reset: load signatures, report DRDY.</summary>
    ResetDone,
}
