namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// SRB_STATUS_* values of <c>srb.h</c>. The two high bits are flags (<see cref="QueueFrozen"/>,
/// <see cref="AutosenseValid"/>); use <see cref="SrbStatusExtensions.Code(SrbStatus)"/> to strip them, as the
/// SRB_STATUS() macro does.
/// </summary>
#pragma warning disable CA1008 // Pending (0) is Windows' own name for zero.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1027:Mark enums with FlagsAttribute", Justification = "Codes with two flag bits, as in srb.h.")]
public enum SrbStatus : byte
#pragma warning restore CA1008
{
    /// <summary>SRB_STATUS_PENDING: set by the port before start I/O; the request is in progress.</summary>
    Pending = 0x00,
    /// <summary>SRB_STATUS_SUCCESS.</summary>
    Success = 0x01,
    /// <summary>SRB_STATUS_ABORTED.</summary>
    Aborted = 0x02,
    /// <summary>SRB_STATUS_ABORT_FAILED.</summary>
    AbortFailed = 0x03,
    /// <summary>SRB_STATUS_ERROR: goes with a non-GOOD SCSI status.</summary>
    Error = 0x04,
    /// <summary>SRB_STATUS_BUSY: the port resubmits later.</summary>
    Busy = 0x05,
    /// <summary>SRB_STATUS_INVALID_REQUEST.</summary>
    InvalidRequest = 0x06,
    /// <summary>SRB_STATUS_INVALID_PATH_ID.</summary>
    InvalidPathId = 0x07,
    /// <summary>SRB_STATUS_NO_DEVICE.</summary>
    NoDevice = 0x08,
    /// <summary>SRB_STATUS_TIMEOUT.</summary>
    Timeout = 0x09,
    /// <summary>SRB_STATUS_SELECTION_TIMEOUT: no device answered at the target ID.</summary>
    SelectionTimeout = 0x0A,
    /// <summary>SRB_STATUS_COMMAND_TIMEOUT.</summary>
    CommandTimeout = 0x0B,
    /// <summary>SRB_STATUS_MESSAGE_REJECTED.</summary>
    MessageRejected = 0x0D,
    /// <summary>SRB_STATUS_BUS_RESET.</summary>
    BusReset = 0x0E,
    /// <summary>SRB_STATUS_PARITY_ERROR.</summary>
    ParityError = 0x0F,
    /// <summary>SRB_STATUS_REQUEST_SENSE_FAILED.</summary>
    RequestSenseFailed = 0x10,
    /// <summary>SRB_STATUS_NO_HBA.</summary>
    NoHba = 0x11,
    /// <summary>SRB_STATUS_DATA_OVERRUN (also used for underrun, with DataTransferLength updated).</summary>
    DataOverrun = 0x12,
    /// <summary>SRB_STATUS_UNEXPECTED_BUS_FREE.</summary>
    UnexpectedBusFree = 0x13,
    /// <summary>SRB_STATUS_PHASE_SEQUENCE_FAILURE.</summary>
    PhaseSequenceFailure = 0x14,
    /// <summary>SRB_STATUS_BAD_SRB_BLOCK_LENGTH.</summary>
    BadSrbBlockLength = 0x15,
    /// <summary>SRB_STATUS_REQUEST_FLUSHED.</summary>
    RequestFlushed = 0x16,
    /// <summary>SRB_STATUS_INVALID_LUN.</summary>
    InvalidLun = 0x20,
    /// <summary>SRB_STATUS_INVALID_TARGET_ID.</summary>
    InvalidTargetId = 0x21,
    /// <summary>SRB_STATUS_BAD_FUNCTION.</summary>
    BadFunction = 0x22,
    /// <summary>SRB_STATUS_ERROR_RECOVERY.</summary>
    ErrorRecovery = 0x23,
    /// <summary>SRB_STATUS_NOT_POWERED.</summary>
    NotPowered = 0x24,
    /// <summary>SRB_STATUS_LINK_DOWN.</summary>
    LinkDown = 0x25,
    /// <summary>SRB_STATUS_INSUFFICIENT_RESOURCES.</summary>
    InsufficientResources = 0x26,
    /// <summary>SRB_STATUS_THROTTLED_REQUEST.</summary>
    ThrottledRequest = 0x27,
    /// <summary>SRB_STATUS_INTERNAL_ERROR (Storport: the real status is in InternalStatus).</summary>
    InternalError = 0x30,
    /// <summary>Flag SRB_STATUS_QUEUE_FROZEN.</summary>
    QueueFrozen = 0x40,
    /// <summary>Flag SRB_STATUS_AUTOSENSE_VALID: sense data was returned in the SRB's sense buffer.</summary>
    AutosenseValid = 0x80,
}
