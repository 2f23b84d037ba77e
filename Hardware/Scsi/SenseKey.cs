namespace DumpFramework.Hardware.Scsi;

/// <summary>SCSI sense keys (SPC), the 4-bit error class of sense data.</summary>
public enum SenseKey
{
    /// <summary>NO SENSE.</summary>
    NoSense = 0x0,
    /// <summary>RECOVERED ERROR: the command completed after recovery.</summary>
    RecoveredError = 0x1,
    /// <summary>NOT READY.</summary>
    NotReady = 0x2,
    /// <summary>MEDIUM ERROR.</summary>
    MediumError = 0x3,
    /// <summary>HARDWARE ERROR.</summary>
    HardwareError = 0x4,
    /// <summary>ILLEGAL REQUEST.</summary>
    IllegalRequest = 0x5,
    /// <summary>UNIT ATTENTION.</summary>
    UnitAttention = 0x6,
    /// <summary>DATA PROTECT.</summary>
    DataProtect = 0x7,
    /// <summary>BLANK CHECK.</summary>
    BlankCheck = 0x8,
    /// <summary>ABORTED COMMAND.</summary>
    AbortedCommand = 0xB,
    /// <summary>MISCOMPARE.</summary>
    Miscompare = 0xE,
}
