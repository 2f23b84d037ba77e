namespace DumpFramework.Hardware.Pvscsi;

/// <summary>Completion hostStatus values (BusLogic BTSTAT_*, hardware-models.md §3.8) the model produces.</summary>
internal enum PvscsiHostStatus : ushort
{
    /// <summary>BTSTAT_SUCCESS: the command ran; scsiStatus and dataLen tell the rest.</summary>
    Success = 0x00,

    /// <summary>BTSTAT_SELTIMEO: no device at the addressed bus/target/LUN.</summary>
    SelectionTimeout = 0x11,

    /// <summary>BTSTAT_DATARUN: data over- or underrun.</summary>
    DataRun = 0x12,

    /// <summary>BTSTAT_INVPARAM: the request descriptor is malformed.</summary>
    InvalidParameter = 0x1A,

    /// <summary>BTSTAT_SENSFAILED: the sense data could not be stored.</summary>
    SenseFailed = 0x1B,

    /// <summary>BTSTAT_BADMSG: the declared direction contradicts the CDB.</summary>
    BadMessage = 0x1D,

    /// <summary>BTSTAT_HAHARDWARE: a DMA access failed.</summary>
    HostAdapterHardware = 0x20,

    /// <summary>BTSTAT_BUSRESET: the request was ended by a bus or adapter reset.</summary>
    BusReset = 0x25,

    /// <summary>BTSTAT_ABORTQUEUE: the request was aborted (ABORT_CMD).</summary>
    AbortQueue = 0x26,
}
