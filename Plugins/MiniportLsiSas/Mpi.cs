namespace DumpFramework.Plugins.MiniportLsiSas;

/// <summary>The driver's own copy of the Fusion-MPT (MPI 1.5) definitions it uses (its "mpi.h").</summary>
/// <remarks>VENDOR: replace with your controller's register and message definitions.</remarks>
internal static class Mpi
{
    // System interface registers.
    public const int Doorbell = 0x00;
    public const int WriteSequence = 0x04;
    public const int HostDiagnostic = 0x08;
    public const int HostInterruptStatus = 0x30;
    public const int HostInterruptMask = 0x34;
    public const int RequestQueue = 0x40;
    public const int ReplyQueue = 0x44;

    // Doorbell.
    public const int StateShift = 28;
    public const uint StateReset = 0x0;
    public const uint StateReady = 0x1;
    public const uint StateOperational = 0x2;
    public const uint StateFault = 0x4;
    public const uint DoorbellActive = 0x0800_0000;
    public const uint DoorbellDataMask = 0x0000_FFFF;
    public const uint DoorbellMessageUnitReset = 0x40u << 24;
    public const uint DoorbellHandshake = 0x42u << 24;
    public const int DoorbellAddDwordsShift = 16;

    // Host interrupt status / mask.
    public const uint HisDoorbellInterrupt = 0x0000_0001;
    public const uint HisReplyInterrupt = 0x0000_0008;
    public const uint HisIopDoorbellStatus = 0x8000_0000;
    public const uint HimDoorbellMask = 0x0000_0001;
    public const uint HimReplyMask = 0x0000_0008;

    // Host diagnostic and its unlock keys.
    public const uint DiagResetAdapter = 0x0000_0004;
    public const uint DiagResetHistory = 0x0000_0020;
    public const uint DiagWriteEnable = 0x0000_0080;
    public const uint WriteSequenceFlush = 0xFF;
    public static readonly uint[] WriteSequenceKeys = [0x04, 0x0B, 0x02, 0x07, 0x0D];

    // Reply descriptors.
    public const uint ReplyQueueEmpty = 0xFFFF_FFFF;
    public const uint AddressReply = 0x8000_0000;
    public const int ContextReplyTypeShift = 29;

    // Functions.
    public const byte FunctionScsiIo = 0x00;
    public const byte FunctionIocInit = 0x02;
    public const byte FunctionIocFacts = 0x03;
    public const byte FunctionPortFacts = 0x05;
    public const byte FunctionPortEnable = 0x06;
    public const byte FunctionEventNotification = 0x07;

    public const byte WhoInitHostDriver = 0x04;
    public const ushort MsgVersion15 = 0x0105;

    // IOCStatus.
    public const ushort IocStatusMask = 0x7FFF;
    public const ushort StatusSuccess = 0x0000;
    public const ushort StatusBusy = 0x0002;
    public const ushort StatusInsufficientResources = 0x0006;
    public const ushort StatusScsiRecoveredError = 0x0040;
    public const ushort StatusScsiInvalidBus = 0x0041;
    public const ushort StatusScsiInvalidTargetId = 0x0042;
    public const ushort StatusScsiDeviceNotThere = 0x0043;
    public const ushort StatusScsiDataOverrun = 0x0044;
    public const ushort StatusScsiDataUnderrun = 0x0045;
    public const ushort StatusScsiTaskTerminated = 0x0048;
    public const ushort StatusScsiResidualMismatch = 0x0049;
    public const ushort StatusScsiIocTerminated = 0x004B;
    public const ushort StatusScsiExtTerminated = 0x004C;

    // SCSI IO request.
    public const int ScsiIoHeaderSize = 0x30;
    public const uint ControlWrite = 0x0100_0000;
    public const uint ControlRead = 0x0200_0000;
    public const uint ControlSimpleQueue = 0x0000_0000;
    public const uint ControlHeadOfQueue = 0x0000_0100;
    public const uint ControlOrderedQueue = 0x0000_0200;
    public const byte MsgFlagsSense64 = 0x01;

    // SCSI IO reply SCSIState.
    public const byte StateAutosenseValid = 0x01;
    public const byte StateNoScsiStatus = 0x04;
    public const byte StateTerminated = 0x08;

    // SGE FlagsLength.
    public const uint SgeLastElement = 0x8000_0000;
    public const uint SgeEndOfBuffer = 0x4000_0000;
    public const uint SgeSimple = 0x1000_0000;
    public const uint SgeChain = 0x3000_0000;
    public const uint SgeHostToIoc = 0x0400_0000;
    public const uint Sge64BitAddress = 0x0200_0000;
    public const uint SgeEndOfList = 0x0100_0000;
    public const uint SgeSimpleMaximumLength = 0x00FF_FFFF;
    public const int SgeChainOffsetShift = 16;
    public const int Sge64Size = 12;
}
