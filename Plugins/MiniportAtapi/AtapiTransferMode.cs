namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>How the miniport is allowed to move data (setting <c>transfer_mode</c>).</summary>
internal enum AtapiTransferMode
{
    /// <summary>Single-sector PIO (READ/WRITE SECTORS), as the NT 3.5 atapi sample without multiple mode.</summary>
    Pio = 0,

    /// <summary>PIO with READ/WRITE MULTIPLE blocks after SET MULTIPLE MODE.</summary>
    PioMultiple = 1,

    /// <summary>Bus-master DMA with PRD tables (the default; PIO when the device or channel cannot).</summary>
    Dma = 2,
}
