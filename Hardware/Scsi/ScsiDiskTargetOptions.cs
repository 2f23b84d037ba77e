using DumpFramework.Hardware.Faults;

namespace DumpFramework.Hardware.Scsi;

/// <summary>
/// Identity, cache policy and fault injection of a <see cref="ScsiDiskTarget"/>. The identity and
/// <see cref="WriteCacheEnabled"/> are read when the target is created; the fault counters are live: the target
/// counts them down as it delivers each fault, and they may be raised at any time to arm more.
/// </summary>
public sealed class ScsiDiskTargetOptions
{
    /// <summary>T10 vendor identification (up to 8 printable ASCII characters).</summary>
    public string Vendor { get; set; } = "DFBENCH";

    /// <summary>Product identification (up to 16 printable ASCII characters).</summary>
    public string Product { get; set; } = "VIRTUAL DISK";

    /// <summary>Product revision level (up to 4 printable ASCII characters).</summary>
    public string Revision { get; set; } = "1.0";

    /// <summary>Unit serial number for VPD page 0x80 (up to 64 printable ASCII characters); <see langword="null"/>
    /// derives a stable one from the raw device's path.</summary>
    public string? SerialNumber { get; set; }

    /// <summary>The initial WCE bit of the caching mode page. With WCE clear, every write is flushed to the raw
    /// device before it completes; with WCE set only FUA writes and SYNCHRONIZE CACHE flush.</summary>
    public bool WriteCacheEnabled { get; set; } = true;

    /// <summary>Whether power-on and every bus/target reset queue a UNIT ATTENTION (power on, reset or bus device
    /// reset occurred: 0x29/00) that the next command other than INQUIRY and REPORT LUNS receives, as every real SCSI
    /// disk does. Manifest <c>unit_attention</c>; default on.</summary>
    public bool UnitAttentionOnReset { get; set; } = true;

    /// <summary>The physical block size READ CAPACITY(16) reports (LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT): e.g.
    /// 4096 over 512-byte logical blocks for a 512e disk. Manifest <c>physical_sector_size</c>;
    /// <see langword="null"/>: the raw device's.</summary>
    public int? PhysicalBlockSize { get; set; }

    /// <summary>Injected faults (manifest <c>faults</c>), read when the target is created.</summary>
    public IReadOnlyList<DiskFault> Faults { get; set; } = [];

    /// <summary>The next N commands complete with BUSY status and do nothing.</summary>
    public int BusyCount { get; set; }

    /// <summary>The next N commands other than INQUIRY and REPORT LUNS receive UNIT ATTENTION 0x29/00 and do
    /// nothing (REQUEST SENSE receives it as data with GOOD status).</summary>
    public int UnitAttentionCount { get; set; }

    /// <summary>The next N commands other than INQUIRY, REQUEST SENSE and REPORT LUNS receive NOT READY 0x04/01
    /// (logical unit is in process of becoming ready) and do nothing.</summary>
    public int NotReadyBecomingReadyCount { get; set; }

    /// <summary>The next N READ/WRITE commands move all their data but complete with CHECK CONDITION RECOVERED
    /// ERROR (0x18/00 for reads, 0x0C/01 for writes).</summary>
    public int RecoveredErrorCount { get; set; }
}
