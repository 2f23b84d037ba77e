namespace DumpFramework.Hardware.Faults;

/// <summary>What an injected disk fault does to the command it hits (manifest <c>hardware.disks[].faults[].kind</c>).</summary>
public enum DiskFaultKind
{
    /// <summary>SCSI status BUSY; the command does nothing.</summary>
    Busy,

    /// <summary>SCSI status TASK SET FULL (QUEUE FULL); the command does nothing.</summary>
    QueueFull,

    /// <summary>CHECK CONDITION, NOT READY, 04/01 (logical unit is in process of becoming ready); the command does nothing.</summary>
    NotReady,

    /// <summary>The command completes all its work, then CHECK CONDITION, RECOVERED ERROR: a success the port must not retry.</summary>
    RecoveredError,

    /// <summary>CHECK CONDITION, MEDIUM ERROR (unrecovered read error 11/00, write error 0C/00) naming the LBA; ATA: ERR with UNC.</summary>
    MediumError,
}
