namespace DumpFramework.Hardware.Ide;

/// <summary>What the data register (or the bus master) is moving for the command in progress.</summary>
internal enum IdeDataPhase
{
    /// <summary>No data transfer.</summary>
    None = 0,

    /// <summary>PIO data-in: the host reads the DRQ block.</summary>
    PioIn,

    /// <summary>PIO data-out: the host writes the DRQ block.</summary>
    PioOut,

    /// <summary>A DMA command waiting for, or running, its bus-master transfer.</summary>
    Dma,
}
