namespace DumpFramework.Hardware.BusLogic;

/// <summary>Host adapter status codes (BTSTAT) a CCB and its incoming mailbox are completed with.</summary>
internal enum BusLogicHostAdapterStatus : byte
{
    /// <summary>The command ran; the target status tells the rest.</summary>
    CommandCompleted = 0x00,

    /// <summary>SCSI selection timeout: no device answers at that target.</summary>
    SelectionTimeout = 0x11,

    /// <summary>Data over- or underrun.</summary>
    DataOverrun = 0x12,

    /// <summary>The outgoing mailbox held an action code other than free, start or abort.</summary>
    InvalidOutgoingMailboxActionCode = 0x15,

    /// <summary>The CCB opcode is not one the host adapter executes.</summary>
    InvalidCommandOperationCode = 0x16,

    /// <summary>A CCB field is invalid (target ID, CDB length).</summary>
    InvalidCommandParameter = 0x1A,

    /// <summary>The automatic REQUEST SENSE (storing the sense data) failed.</summary>
    AutoRequestSenseFailed = 0x1B,

    /// <summary>The host adapter hardware failed (a DMA access failed).</summary>
    HostAdapterHardwareFailed = 0x20,

    /// <summary>The host adapter asserted SCSI bus reset: the CCB was ended by it.</summary>
    HostAdapterAssertedReset = 0x22,

    /// <summary>An abort found nothing to abort (it was queued and completed already).</summary>
    AbortQueueGenerated = 0x26,
}
