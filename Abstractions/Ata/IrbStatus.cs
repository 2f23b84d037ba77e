namespace DumpFramework.Abstractions.Ata;

/// <summary>IRB_STATUS_* of <c>irb.h</c>: a code in the low nibble plus flag bits.</summary>
#pragma warning disable CA1008 // Pending (0) is Windows' own name for zero.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1027:Mark enums with FlagsAttribute", Justification = "Codes with flag bits, as in irb.h.")]
public enum IrbStatus : byte
#pragma warning restore CA1008
{
    /// <summary>IRB_STATUS_PENDING.</summary>
    Pending = 0x00,
    /// <summary>IRB_STATUS_SUCCESS.</summary>
    Success = 0x01,
    /// <summary>IRB_STATUS_DATALENGTH_MISMATCH: short transfer; DataTransferLength updated.</summary>
    DataLengthMismatch = 0x02,
    /// <summary>IRB_STATUS_DEVICE_ERROR: ERR set; AtaStatus and AtaError are valid.</summary>
    DeviceError = 0x03,
    /// <summary>IRB_STATUS_INVALID_REQUEST.</summary>
    InvalidRequest = 0x04,
    /// <summary>IRB_STATUS_BUS_RESET.</summary>
    BusReset = 0x05,
    /// <summary>IRB_STATUS_SELECTION_TIMEOUT: no device.</summary>
    SelectionTimeout = 0x06,
    /// <summary>IRB_STATUS_BUSY: ataport retries once.</summary>
    Busy = 0x07,
    /// <summary>Flag IRB_STATUS_RETURN_TASKFILE_VALID.</summary>
    ReturnTaskFileValid = 0x10,
    /// <summary>Flag IRB_STATUS_AUTOSENSE_VALID.</summary>
    AutosenseValid = 0x20,
    /// <summary>Flag IRB_STATUS_INTERNAL_ERROR.</summary>
    InternalError = 0x40,
    /// <summary>Flag IRB_STATUS_FORCE_ENUM_DEVICE1_NEEDED.</summary>
    ForceEnumDevice1Needed = 0x80,
}
