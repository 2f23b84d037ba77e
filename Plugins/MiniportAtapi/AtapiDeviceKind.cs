namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>What answered at a device position after the channel reset (by signature).</summary>
internal enum AtapiDeviceKind
{
    /// <summary>Nothing answered (Status 0 or floating).</summary>
    None = 0,

    /// <summary>An ATA disk (signature LBA Mid/High 00/00).</summary>
    Ata,

    /// <summary>An ATAPI device (signature 14/EB): skipped while polling, as the DDK sample does.</summary>
    Atapi,
}
