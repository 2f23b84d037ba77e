using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>The names srb.h and SPC give to status and sense values, so failure messages read like a trace.</summary>
internal static class ScsiText
{
    /// <summary>The srb.h name of an SRB status, with its flag bits appended.</summary>
    /// <param name="status">The status as the miniport left it.</param>
    /// <returns>For example <c>SRB_STATUS_ERROR | AUTOSENSE_VALID</c>.</returns>
    public static string SrbStatusName(SrbStatus status)
    {
        string name = status.Code() switch
        {
            SrbStatus.Pending => "SRB_STATUS_PENDING",
            SrbStatus.Success => "SRB_STATUS_SUCCESS",
            SrbStatus.Aborted => "SRB_STATUS_ABORTED",
            SrbStatus.AbortFailed => "SRB_STATUS_ABORT_FAILED",
            SrbStatus.Error => "SRB_STATUS_ERROR",
            SrbStatus.Busy => "SRB_STATUS_BUSY",
            SrbStatus.InvalidRequest => "SRB_STATUS_INVALID_REQUEST",
            SrbStatus.InvalidPathId => "SRB_STATUS_INVALID_PATH_ID",
            SrbStatus.NoDevice => "SRB_STATUS_NO_DEVICE",
            SrbStatus.Timeout => "SRB_STATUS_TIMEOUT",
            SrbStatus.SelectionTimeout => "SRB_STATUS_SELECTION_TIMEOUT",
            SrbStatus.CommandTimeout => "SRB_STATUS_COMMAND_TIMEOUT",
            SrbStatus.MessageRejected => "SRB_STATUS_MESSAGE_REJECTED",
            SrbStatus.BusReset => "SRB_STATUS_BUS_RESET",
            SrbStatus.ParityError => "SRB_STATUS_PARITY_ERROR",
            SrbStatus.RequestSenseFailed => "SRB_STATUS_REQUEST_SENSE_FAILED",
            SrbStatus.NoHba => "SRB_STATUS_NO_HBA",
            SrbStatus.DataOverrun => "SRB_STATUS_DATA_OVERRUN",
            SrbStatus.UnexpectedBusFree => "SRB_STATUS_UNEXPECTED_BUS_FREE",
            SrbStatus.PhaseSequenceFailure => "SRB_STATUS_PHASE_SEQUENCE_FAILURE",
            SrbStatus.BadSrbBlockLength => "SRB_STATUS_BAD_SRB_BLOCK_LENGTH",
            SrbStatus.RequestFlushed => "SRB_STATUS_REQUEST_FLUSHED",
            SrbStatus.InvalidLun => "SRB_STATUS_INVALID_LUN",
            SrbStatus.InvalidTargetId => "SRB_STATUS_INVALID_TARGET_ID",
            SrbStatus.BadFunction => "SRB_STATUS_BAD_FUNCTION",
            SrbStatus.ErrorRecovery => "SRB_STATUS_ERROR_RECOVERY",
            SrbStatus.NotPowered => "SRB_STATUS_NOT_POWERED",
            SrbStatus.LinkDown => "SRB_STATUS_LINK_DOWN",
            SrbStatus.InsufficientResources => "SRB_STATUS_INSUFFICIENT_RESOURCES",
            SrbStatus.ThrottledRequest => "SRB_STATUS_THROTTLED_REQUEST",
            SrbStatus.InternalError => "SRB_STATUS_INTERNAL_ERROR",
            var other => $"SRB_STATUS 0x{(byte)other:X2}",
        };

        if (status.IsQueueFrozen())
        {
            name += " | QUEUE_FROZEN";
        }

        if (status.HasAutosense())
        {
            name += " | AUTOSENSE_VALID";
        }

        return name;
    }

    /// <summary>The SAM name of a SCSI status byte.</summary>
    /// <param name="status">The status.</param>
    /// <returns>For example <c>CHECK CONDITION</c>.</returns>
    public static string ScsiStatusName(ScsiStatus status) => status switch
    {
        ScsiStatus.Good => "GOOD",
        ScsiStatus.CheckCondition => "CHECK CONDITION",
        ScsiStatus.ConditionMet => "CONDITION MET",
        ScsiStatus.Busy => "BUSY",
        ScsiStatus.ReservationConflict => "RESERVATION CONFLICT",
        ScsiStatus.TaskSetFull => "TASK SET FULL",
        ScsiStatus.AcaActive => "ACA ACTIVE",
        ScsiStatus.TaskAborted => "TASK ABORTED",
        _ => $"SCSI status 0x{(byte)status:X2}",
    };

    /// <summary>The SP_RETURN_* name of a find-adapter result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>For example <c>SP_RETURN_NOT_FOUND</c>.</returns>
    public static string SpReturnName(SpReturn result) => result switch
    {
        SpReturn.NotFound => "SP_RETURN_NOT_FOUND",
        SpReturn.Found => "SP_RETURN_FOUND",
        SpReturn.Error => "SP_RETURN_ERROR",
        SpReturn.BadConfig => "SP_RETURN_BAD_CONFIG",
        _ => $"SP_RETURN 0x{(int)result:X}",
    };
}
