namespace DumpFramework.Plugins.MiniportVmScsi;

/// <summary>
/// The driver's own copy of the MultiMaster interface it uses (what a BusLogic driver's header defines): PCI identity,
/// the four ports and their bits, host adapter opcodes, and the extended mailbox and CCB layouts.
/// </summary>
/// <remarks>VENDOR: replace with your controller's register and message definitions.</remarks>
internal static class BusLogicHeader
{
    public const ushort VendorBusLogic = 0x104B;
    public const ushort DeviceMultiMaster = 0x1040;

    /// <summary>The four ports of the I/O BAR.</summary>
    public const int IoPorts = 4;

    public const int PortControlStatus = 0;
    public const int PortCommandDataIn = 1;
    public const int PortInterrupt = 2;
    public const int PortGeometry = 3;

    public const byte ControlHardReset = 0x80;
    public const byte ControlInterruptReset = 0x20;

    public const byte StatusDiagnosticActive = 0x80;
    public const byte StatusDiagnosticFailure = 0x40;
    public const byte StatusInitializationRequired = 0x20;
    public const byte StatusHostAdapterReady = 0x10;
    public const byte StatusCommandParameterBusy = 0x08;
    public const byte StatusDataInReady = 0x04;
    public const byte StatusCommandInvalid = 0x01;

    public const byte InterruptValid = 0x80;
    public const byte InterruptCommandComplete = 0x04;
    public const byte InterruptIncomingMailboxLoaded = 0x01;

    public const byte CommandExecuteMailbox = 0x02;
    public const byte CommandInquireBoardId = 0x04;
    public const byte CommandDisableHostAdapterInterrupt = 0x25;
    public const byte CommandInitializeExtendedMailbox = 0x81;
    public const byte CommandInquireHostAdapterModelNumber = 0x8B;
    public const byte CommandInquireExtendedSetupInformation = 0x8D;
    public const byte CommandEnableStrictRoundRobin = 0x8F;
    public const byte CommandSetCcbFormat = 0x96;

    /// <summary>Bytes of Inquire Extended Setup Information the driver asks for.</summary>
    public const int ExtendedSetupLength = 14;

    /// <summary>Extended mailbox: CCB address, 3 reserved (outgoing) or host status, target status, reserved
    /// (incoming), then the action or completion code.</summary>
    public const int MailboxLength = 8;
    public const int MailboxCode = 7;
    public const int MailboxHostStatus = 4;
    public const int MailboxTargetStatus = 5;

    public const byte ActionFree = 0x00;
    public const byte ActionStart = 0x01;

    public const byte CompletionFree = 0x00;
    public const byte CompletionWithoutError = 0x01;
    public const byte CompletionAborted = 0x02;
    public const byte CompletionAbortNotFound = 0x03;
    public const byte CompletionWithError = 0x04;

    /// <summary>Extended CCB: 40 bytes.</summary>
    public const int CcbLength = 40;
    public const int CcbOpcode = 0x00;
    public const int CcbControl = 0x01;
    public const int CcbCdbLength = 0x02;
    public const int CcbSenseLength = 0x03;
    public const int CcbDataLength = 0x04;
    public const int CcbDataPointer = 0x08;
    public const int CcbHostStatus = 0x0E;
    public const int CcbTargetStatus = 0x0F;
    public const int CcbTarget = 0x10;
    public const int CcbLun = 0x11;
    public const int CcbCdb = 0x12;
    public const int CcbSensePointer = 0x24;
    public const int MaximumCdbLength = 12;

    /// <summary>Initiator CCB, direct buffer, residual written back to the data length.</summary>
    public const byte OpcodeInitiatorResidual = 0x03;

    /// <summary>Initiator CCB, scatter-gather list, residual written back to the data length.</summary>
    public const byte OpcodeInitiatorScatterGatherResidual = 0x04;

    /// <summary>Direction bits 4:3 of the control byte.</summary>
    public const byte DirectionFromCdb = 0 << 3;
    public const byte DirectionIn = 1 << 3;
    public const byte DirectionOut = 2 << 3;
    public const byte DirectionNone = 3 << 3;

    /// <summary>Sense length 1 asks for no automatic sense (0 would mean 14 bytes).</summary>
    public const byte SenseNone = 1;

    /// <summary>SG element: length, then address, 32 bits each.</summary>
    public const int SgElementLength = 8;

    // Host adapter status (BTSTAT) codes.
    public const byte HostCommandCompleted = 0x00;
    public const byte HostLinkedCommandCompleted = 0x0A;
    public const byte HostLinkedCommandCompletedWithFlag = 0x0B;
    public const byte HostDataUnderrun = 0x0C;
    public const byte HostSelectionTimeout = 0x11;
    public const byte HostDataOverrun = 0x12;
    public const byte HostUnexpectedBusFree = 0x13;
    public const byte HostInvalidBusPhase = 0x14;
    public const byte HostInvalidOutgoingAction = 0x15;
    public const byte HostInvalidCcbOpcode = 0x16;
    public const byte HostLinkedCcbBadLun = 0x17;
    public const byte HostInvalidCommandParameter = 0x1A;
    public const byte HostAutoSenseFailed = 0x1B;
    public const byte HostTagQueueRejected = 0x1C;
    public const byte HostUnsupportedMessage = 0x1D;
    public const byte HostHardwareFailed = 0x20;
    public const byte HostTargetIgnoredAtn = 0x21;
    public const byte HostAssertedReset = 0x22;
    public const byte HostOtherDeviceAssertedReset = 0x23;
    public const byte HostBadReconnect = 0x24;
    public const byte HostAssertedBusDeviceReset = 0x25;
    public const byte HostAbortQueueGenerated = 0x26;
    public const byte HostSoftwareError = 0x27;
    public const byte HostHardwareTimeout = 0x30;
    public const byte HostParityError = 0x34;
}
