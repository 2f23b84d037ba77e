namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// A port library a miniport links against. In Windows the miniport imports from <c>scsiport.sys</c>,
/// <c>storport.sys</c> or <c>ataport.sys</c>; in the dump stack those imports bind to the dump port image loaded
/// under the alias <c>dump_</c> + this name.
/// </summary>
public enum PortInterface
{
    /// <summary>The classic SCSI port library (<c>scsiport.sys</c>), services in <see cref="Scsi.IScsiPortServices"/>.</summary>
    ScsiPort = 0,

    /// <summary>The Storport library (<c>storport.sys</c>), services in <see cref="Scsi.IStorPortServices"/>.</summary>
    StorPort = 1,

    /// <summary>The ATA port library (<c>ataport.sys</c>), services in <see cref="Ata.IAtaPortServices"/>.</summary>
    AtaPort = 2,
}
