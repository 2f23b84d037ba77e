namespace DumpFramework.Hardware.Pvscsi;

/// <summary>PVSCSI_CMD_* values written to COMMAND (hardware-models.md §3.4).</summary>
internal enum PvscsiCommand : uint
{
    /// <summary>PVSCSI_CMD_FIRST: no command in progress; also what unknown commands execute as.</summary>
    None = 0,

    /// <summary>ADAPTER_RESET: completes outstanding requests with BUSRESET and forgets the rings.</summary>
    AdapterReset = 1,

    /// <summary>ISSUE_SCSI: not supported.</summary>
    IssueScsi = 2,

    /// <summary>SETUP_RINGS: 528-byte descriptor.</summary>
    SetupRings = 3,

    /// <summary>RESET_BUS.</summary>
    ResetBus = 4,

    /// <summary>RESET_DEVICE: 12-byte descriptor (target, LUN).</summary>
    ResetDevice = 5,

    /// <summary>ABORT_CMD: 16-byte descriptor (context, target); the request ends with ABORTQUEUE.</summary>
    AbortCommand = 6,

    /// <summary>CONFIG: issued by the Windows driver, which tolerates −1.</summary>
    Config = 7,

    /// <summary>SETUP_MSG_RING: 136-byte descriptor; answers 34 (its size in dwords) as QEMU.</summary>
    SetupMessageRing = 8,

    /// <summary>DEVICE_UNPLUG: not supported.</summary>
    DeviceUnplug = 9,

    /// <summary>SETUP_REQCALLTHRESHOLD: optional, probed.</summary>
    SetupRequestCallThreshold = 10,

    /// <summary>GET_MAX_TARGETS: optional, probed.</summary>
    GetMaxTargets = 11,
}
