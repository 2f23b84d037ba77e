namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>The data protocol of the request in progress.</summary>
internal enum AtapiProtocol
{
    /// <summary>No data phase.</summary>
    NonData = 0,

    /// <summary>PIO data-in through the data register.</summary>
    PioIn,

    /// <summary>PIO data-out through the data register.</summary>
    PioOut,

    /// <summary>Bus-master DMA.</summary>
    Dma,
}
