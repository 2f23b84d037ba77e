namespace DumpFramework.Hardware.Pvscsi;

/// <summary>Offsets and sizes of the in-memory structures the driver and the device share (§3.5–§3.8).</summary>
internal static class PvscsiLayout
{
    /// <summary>Ring pages and the rings-state page are 4 KiB pages addressed by page frame number.</summary>
    public const int PageSize = 4096;

    /// <summary>log2 of <see cref="PageSize"/>.</summary>
    public const int PageShift = 12;

    /// <summary>Most pages per ring in SETUP_RINGS.</summary>
    public const int MaximumRingPages = 32;

    /// <summary>SETUP_RINGS descriptor length in bytes.</summary>
    public const int SetupRingsLength = 0x210;

    /// <summary>SETUP_RINGS: reqRingNumPages (u32).</summary>
    public const int SetupRequestPages = 0x000;

    /// <summary>SETUP_RINGS: cmpRingNumPages (u32).</summary>
    public const int SetupCompletionPages = 0x004;

    /// <summary>SETUP_RINGS: ringsStatePPN (u64).</summary>
    public const int SetupRingsStatePpn = 0x008;

    /// <summary>SETUP_RINGS: reqRingPPNs[32] (u64 each).</summary>
    public const int SetupRequestPpns = 0x010;

    /// <summary>SETUP_RINGS: cmpRingPPNs[32] (u64 each).</summary>
    public const int SetupCompletionPpns = 0x110;

    /// <summary>RESET_DEVICE descriptor length: target u32, lun[8].</summary>
    public const int ResetDeviceLength = 12;

    /// <summary>ABORT_CMD descriptor: context u64, target u32, pad u32.</summary>
    public const int AbortCommandLength = 16;

    /// <summary>SETUP_MSG_RING descriptor: numPages u32, pad u32, ringPPNs[16] u64.</summary>
    public const int SetupMessageRingLength = 136;

    /// <summary>SETUP_MSG_RING: offset of ringPPNs.</summary>
    public const int SetupMessageRingPpns = 8;

    /// <summary>Most message ring pages.</summary>
    public const int MaximumMessageRingPages = 16;

    /// <summary>Message descriptors (128 bytes) per page.</summary>
    public const int MessagesPerPage = 32;

    /// <summary>Rings state: msgProdIdx (then msgConsIdx at +4 and msgNumEntriesLog2 at +8), on its own cache line.</summary>
    public const int StateMessageProducer = 0x80;

    /// <summary>Rings state: reqProdIdx (driver).</summary>
    public const int StateRequestProducer = 0x00;

    /// <summary>Rings state: reqConsIdx (device).</summary>
    public const int StateRequestConsumer = 0x04;

    /// <summary>Rings state: reqNumEntriesLog2 (device).</summary>
    public const int StateRequestEntriesLog2 = 0x08;

    /// <summary>Rings state: cmpProdIdx (device).</summary>
    public const int StateCompletionProducer = 0x0C;

    /// <summary>Rings state: cmpConsIdx (driver).</summary>
    public const int StateCompletionConsumer = 0x10;

    /// <summary>Rings state: cmpNumEntriesLog2 (device).</summary>
    public const int StateCompletionEntriesLog2 = 0x14;

    /// <summary>Bytes of the rings-state page the device initialises at SETUP_RINGS.</summary>
    public const int StateInitialisedLength = 0x18;

    /// <summary>Request descriptor length (PVSCSIRingReqDesc).</summary>
    public const int RequestLength = 128;

    /// <summary>Request descriptors per ring page.</summary>
    public const int RequestsPerPage = PageSize / RequestLength;

    /// <summary>Request: context (u64).</summary>
    public const int RequestContext = 0x00;

    /// <summary>Request: dataAddr (u64).</summary>
    public const int RequestDataAddress = 0x08;

    /// <summary>Request: dataLen (u64).</summary>
    public const int RequestDataLength = 0x10;

    /// <summary>Request: senseAddr (u64).</summary>
    public const int RequestSenseAddress = 0x18;

    /// <summary>Request: senseLen (u32).</summary>
    public const int RequestSenseLength = 0x20;

    /// <summary>Request: flags (u32).</summary>
    public const int RequestFlags = 0x24;

    /// <summary>Request: cdb[16].</summary>
    public const int RequestCdb = 0x28;

    /// <summary>Longest CDB.</summary>
    public const int MaximumCdbLength = 16;

    /// <summary>Request: cdbLen (u8).</summary>
    public const int RequestCdbLength = 0x38;

    /// <summary>Request: lun[8] (SAM LUN; lun[1] is the LUN).</summary>
    public const int RequestLun = 0x39;

    /// <summary>Request: bus (u8).</summary>
    public const int RequestBus = 0x42;

    /// <summary>Request: target (u8).</summary>
    public const int RequestTarget = 0x43;

    /// <summary>Completion descriptor length (PVSCSIRingCmpDesc).</summary>
    public const int CompletionLength = 32;

    /// <summary>Completion descriptors per ring page.</summary>
    public const int CompletionsPerPage = PageSize / CompletionLength;

    /// <summary>Completion: context (u64).</summary>
    public const int CompletionContext = 0x00;

    /// <summary>Completion: dataLen (u64).</summary>
    public const int CompletionDataLength = 0x08;

    /// <summary>Completion: senseLen (u32).</summary>
    public const int CompletionSenseLength = 0x10;

    /// <summary>Completion: hostStatus (u16).</summary>
    public const int CompletionHostStatus = 0x14;

    /// <summary>Completion: scsiStatus (u16).</summary>
    public const int CompletionScsiStatus = 0x16;

    /// <summary>SG element length: addr u64, length u32, flags u32.</summary>
    public const int SgElementLength = 16;

    /// <summary>Targets the device addresses (as QEMU's model).</summary>
    public const int MaximumTargets = 64;
}
