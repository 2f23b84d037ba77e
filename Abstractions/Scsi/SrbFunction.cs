namespace DumpFramework.Abstractions.Scsi;

/// <summary>SRB_FUNCTION_* codes of <c>srb.h</c> (SCSI_REQUEST_BLOCK.Function).</summary>
public enum SrbFunction : byte
{
    /// <summary>SRB_FUNCTION_EXECUTE_SCSI: run the CDB.</summary>
    ExecuteScsi = 0x00,
    /// <summary>SRB_FUNCTION_CLAIM_DEVICE.</summary>
    ClaimDevice = 0x01,
    /// <summary>SRB_FUNCTION_IO_CONTROL.</summary>
    IoControl = 0x02,
    /// <summary>SRB_FUNCTION_RECEIVE_EVENT.</summary>
    ReceiveEvent = 0x03,
    /// <summary>SRB_FUNCTION_RELEASE_QUEUE.</summary>
    ReleaseQueue = 0x04,
    /// <summary>SRB_FUNCTION_ATTACH_DEVICE.</summary>
    AttachDevice = 0x05,
    /// <summary>SRB_FUNCTION_RELEASE_DEVICE.</summary>
    ReleaseDevice = 0x06,
    /// <summary>SRB_FUNCTION_SHUTDOWN: the last SRB of a Storport dump, after SYNCHRONIZE CACHE.</summary>
    Shutdown = 0x07,
    /// <summary>SRB_FUNCTION_FLUSH.</summary>
    Flush = 0x08,
    /// <summary>SRB_FUNCTION_PROTOCOL_COMMAND.</summary>
    ProtocolCommand = 0x09,
    /// <summary>SRB_FUNCTION_ABORT_COMMAND.</summary>
    AbortCommand = 0x10,
    /// <summary>SRB_FUNCTION_RELEASE_RECOVERY.</summary>
    ReleaseRecovery = 0x11,
    /// <summary>SRB_FUNCTION_RESET_BUS.</summary>
    ResetBus = 0x12,
    /// <summary>SRB_FUNCTION_RESET_DEVICE.</summary>
    ResetDevice = 0x13,
    /// <summary>SRB_FUNCTION_TERMINATE_IO.</summary>
    TerminateIo = 0x14,
    /// <summary>SRB_FUNCTION_FLUSH_QUEUE.</summary>
    FlushQueue = 0x15,
    /// <summary>SRB_FUNCTION_REMOVE_DEVICE.</summary>
    RemoveDevice = 0x16,
    /// <summary>SRB_FUNCTION_WMI.</summary>
    Wmi = 0x17,
    /// <summary>SRB_FUNCTION_LOCK_QUEUE.</summary>
    LockQueue = 0x18,
    /// <summary>SRB_FUNCTION_UNLOCK_QUEUE.</summary>
    UnlockQueue = 0x19,
    /// <summary>SRB_FUNCTION_QUIESCE_DEVICE.</summary>
    QuiesceDevice = 0x1A,
    /// <summary>SRB_FUNCTION_RESET_LOGICAL_UNIT.</summary>
    ResetLogicalUnit = 0x20,
    /// <summary>SRB_FUNCTION_SET_LINK_TIMEOUT.</summary>
    SetLinkTimeout = 0x21,
    /// <summary>SRB_FUNCTION_LINK_TIMEOUT_OCCURRED.</summary>
    LinkTimeoutOccurred = 0x22,
    /// <summary>SRB_FUNCTION_LINK_TIMEOUT_COMPLETE.</summary>
    LinkTimeoutComplete = 0x23,
    /// <summary>SRB_FUNCTION_POWER.</summary>
    Power = 0x24,
    /// <summary>SRB_FUNCTION_PNP.</summary>
    Pnp = 0x25,
    /// <summary>SRB_FUNCTION_DUMP_POINTERS (Storport asks a miniport for MINIPORT_DUMP_POINTERS).</summary>
    DumpPointers = 0x26,
    /// <summary>SRB_FUNCTION_FREE_DUMP_POINTERS.</summary>
    FreeDumpPointers = 0x27,
    /// <summary>SRB_FUNCTION_STORAGE_REQUEST_BLOCK (marks an extended SRB).</summary>
    StorageRequestBlock = 0x28,
    /// <summary>SRB_FUNCTION_CRYPTO_OPERATION.</summary>
    CryptoOperation = 0x29,
    /// <summary>SRB_FUNCTION_GET_DUMP_INFO.</summary>
    GetDumpInfo = 0x2A,
    /// <summary>SRB_FUNCTION_FREE_DUMP_INFO.</summary>
    FreeDumpInfo = 0x2B,
}
