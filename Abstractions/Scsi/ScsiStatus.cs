namespace DumpFramework.Abstractions.Scsi;

/// <summary>SCSI status byte values (SAM), as found in SCSI_REQUEST_BLOCK.ScsiStatus.</summary>
public enum ScsiStatus : byte
{
    /// <summary>GOOD.</summary>
    Good = 0x00,
    /// <summary>CHECK CONDITION: sense data describes the error.</summary>
    CheckCondition = 0x02,
    /// <summary>CONDITION MET.</summary>
    ConditionMet = 0x04,
    /// <summary>BUSY.</summary>
    Busy = 0x08,
    /// <summary>RESERVATION CONFLICT.</summary>
    ReservationConflict = 0x18,
    /// <summary>TASK SET FULL (queue full).</summary>
    TaskSetFull = 0x28,
    /// <summary>ACA ACTIVE.</summary>
    AcaActive = 0x30,
    /// <summary>TASK ABORTED.</summary>
    TaskAborted = 0x40,
}
