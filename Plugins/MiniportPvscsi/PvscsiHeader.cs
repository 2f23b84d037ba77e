namespace DumpFramework.Plugins.MiniportPvscsi;

/// <summary>
/// The driver's own copy of the PVSCSI interface it uses (what <c>vmw_pvscsi.h</c> defines): PCI identity, register
/// offsets, commands, flags, host statuses and the layouts of the shared structures.
/// </summary>
internal static class PvscsiHeader
{
    public const ushort VendorVmware = 0x15AD;
    public const ushort DevicePvscsi = 0x07C0;

    /// <summary>BAR0 spans 8 pages of MMIO.</summary>
    public const uint BarLength = 0x8000;

    public const int PageSize = 4096;
    public const int PageShift = 12;

    public const int RegisterCommand = 0x0000;
    public const int RegisterCommandData = 0x0004;
    public const int RegisterCommandStatus = 0x0008;
    public const int RegisterInterruptStatus = 0x100C;
    public const int RegisterInterruptMask = 0x2010;
    public const int RegisterKickNonRwIo = 0x3014;
    public const int RegisterKickRwIo = 0x4018;

    public const uint InterruptCompletion0 = 0x1;
    public const uint InterruptCompletion1 = 0x2;
    public const uint InterruptAll = 0xF;

    public const uint CommandAdapterReset = 1;
    public const uint CommandSetupRings = 3;
    public const uint CommandGetMaxTargets = 11;

    public const uint CommandStatusFailed = 0xFFFF_FFFF;

    /// <summary>SETUP_RINGS descriptor length in dwords (528 bytes).</summary>
    public const int SetupRingsDwords = 0x210 / 4;

    /// <summary>SETUP_RINGS dword index of reqRingPPNs[0] and of cmpRingPPNs[0].</summary>
    public const int SetupRequestPpnDword = 0x010 / 4;
    public const int SetupCompletionPpnDword = 0x110 / 4;
    public const int SetupRingsStatePpnDword = 0x008 / 4;

    public const int StateRequestProducer = 0x00;
    public const int StateRequestEntriesLog2 = 0x08;
    public const int StateCompletionProducer = 0x0C;
    public const int StateCompletionConsumer = 0x10;
    public const int StateCompletionEntriesLog2 = 0x14;

    public const int RequestLength = 128;
    public const int RequestContext = 0x00;
    public const int RequestDataAddress = 0x08;
    public const int RequestDataLength = 0x10;
    public const int RequestSenseAddress = 0x18;
    public const int RequestSenseLength = 0x20;
    public const int RequestFlags = 0x24;
    public const int RequestCdb = 0x28;
    public const int RequestCdbLength = 0x38;
    public const int RequestLun = 0x39;
    public const int RequestTag = 0x41;
    public const int RequestBus = 0x42;
    public const int RequestTarget = 0x43;

    public const uint FlagWithSgList = 0x01;
    public const uint FlagDirectionNone = 0x04;
    public const uint FlagDirectionToHost = 0x08;
    public const uint FlagDirectionToDevice = 0x10;

    /// <summary>SIMPLE QUEUE TAG message, as the Linux driver puts in every request.</summary>
    public const byte SimpleQueueTag = 0x20;

    public const int CompletionLength = 32;
    public const int CompletionContext = 0x00;
    public const int CompletionDataLength = 0x08;
    public const int CompletionSenseLength = 0x10;
    public const int CompletionHostStatus = 0x14;
    public const int CompletionScsiStatus = 0x16;

    public const int SgElementLength = 16;

    public const ushort HostSuccess = 0x00;
    public const ushort HostLinkedCommandCompleted = 0x0A;
    public const ushort HostLinkedCommandCompletedWithFlag = 0x0B;
    public const ushort HostDataUnderrun = 0x0C;
    public const ushort HostSelectionTimeout = 0x11;
    public const ushort HostDataRun = 0x12;
    public const ushort HostBusReset = 0x25;

    /// <summary>What the FreeBSD driver assumes when GET_MAX_TARGETS is unsupported.</summary>
    public const byte DefaultMaximumTargets = 16;
}
