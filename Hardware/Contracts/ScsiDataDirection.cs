namespace DumpFramework.Hardware.Contracts;

/// <summary>Which way a SCSI command moves data.</summary>
public enum ScsiDataDirection
{
    /// <summary>No data phase.</summary>
    None = 0,
    /// <summary>Data-in: target to initiator (a READ).</summary>
    In = 1,
    /// <summary>Data-out: initiator to target (a WRITE).</summary>
    Out = 2,
}
