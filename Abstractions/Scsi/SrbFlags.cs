namespace DumpFramework.Abstractions.Scsi;

/// <summary>SRB_FLAGS_* of <c>srb.h</c> (SCSI_REQUEST_BLOCK.SrbFlags).</summary>
[Flags]
public enum SrbFlags : uint
{
    /// <summary>SRB_FLAGS_NO_DATA_TRANSFER.</summary>
    NoDataTransfer = 0x0,
    /// <summary>SRB_FLAGS_QUEUE_ACTION_ENABLE.</summary>
    QueueActionEnable = 0x2,
    /// <summary>SRB_FLAGS_DISABLE_DISCONNECT.</summary>
    DisableDisconnect = 0x4,
    /// <summary>SRB_FLAGS_DISABLE_SYNCH_TRANSFER.</summary>
    DisableSynchTransfer = 0x8,
    /// <summary>SRB_FLAGS_BYPASS_FROZEN_QUEUE.</summary>
    BypassFrozenQueue = 0x10,
    /// <summary>SRB_FLAGS_DISABLE_AUTOSENSE.</summary>
    DisableAutosense = 0x20,
    /// <summary>SRB_FLAGS_DATA_IN: device to memory.</summary>
    DataIn = 0x40,
    /// <summary>SRB_FLAGS_DATA_OUT: memory to device.</summary>
    DataOut = 0x80,
    /// <summary>SRB_FLAGS_UNSPECIFIED_DIRECTION (IN | OUT).</summary>
    UnspecifiedDirection = DataIn | DataOut,
    /// <summary>SRB_FLAGS_NO_QUEUE_FREEZE.</summary>
    NoQueueFreeze = 0x100,
    /// <summary>SRB_FLAGS_ADAPTER_CACHE_ENABLE.</summary>
    AdapterCacheEnable = 0x200,
    /// <summary>SRB_FLAGS_FREE_SENSE_BUFFER.</summary>
    FreeSenseBuffer = 0x400,
    /// <summary>SRB_FLAGS_D3_PROCESSING.</summary>
    D3Processing = 0x800,
    /// <summary>SRB_FLAGS_SEQUENTIAL_REQUIRED.</summary>
    SequentialRequired = 0x1000,
    /// <summary>SRB_FLAGS_IS_ACTIVE (port internal).</summary>
    IsActive = 0x10000,
    /// <summary>SRB_FLAGS_ALLOCATED_FROM_ZONE.</summary>
    AllocatedFromZone = 0x20000,
    /// <summary>SRB_FLAGS_SGLIST_FROM_POOL.</summary>
    SgListFromPool = 0x40000,
    /// <summary>SRB_FLAGS_BYPASS_LOCKED_QUEUE.</summary>
    BypassLockedQueue = 0x80000,
    /// <summary>SRB_FLAGS_NO_KEEP_AWAKE.</summary>
    NoKeepAwake = 0x100000,
    /// <summary>SRB_FLAGS_PORT_DRIVER_ALLOCSENSE.</summary>
    PortDriverAllocSense = 0x200000,
    /// <summary>SRB_FLAGS_PORT_DRIVER_SENSEHASPORT.</summary>
    PortDriverSenseHasPort = 0x400000,
    /// <summary>SRB_FLAGS_DONT_START_NEXT_PACKET.</summary>
    DontStartNextPacket = 0x800000,
}
