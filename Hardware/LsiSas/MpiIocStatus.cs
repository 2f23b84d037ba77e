namespace DumpFramework.Hardware.LsiSas;

/// <summary>MPI IOCStatus values (reply offset 0x0E). The model also uses them as FAULT codes, as QEMU does.</summary>
internal static class MpiIocStatus
{
    public const ushort Success = 0x0000;
    public const ushort InvalidFunction = 0x0001;
    public const ushort Busy = 0x0002;
    public const ushort InvalidSgl = 0x0003;
    public const ushort InternalError = 0x0004;
    public const ushort InsufficientResources = 0x0006;
    public const ushort InvalidField = 0x0007;
    public const ushort InvalidState = 0x0008;
    public const ushort ConfigInvalidAction = 0x0020;
    public const ushort ConfigInvalidType = 0x0021;
    public const ushort ConfigInvalidPage = 0x0022;
    public const ushort ConfigCantCommit = 0x0025;
    public const ushort ScsiRecoveredError = 0x0040;
    public const ushort ScsiInvalidBus = 0x0041;
    public const ushort ScsiInvalidTargetId = 0x0042;
    public const ushort ScsiDeviceNotThere = 0x0043;
    public const ushort ScsiDataOverrun = 0x0044;
    public const ushort ScsiDataUnderrun = 0x0045;
    public const ushort ScsiIoDataError = 0x0046;
    public const ushort ScsiProtocolError = 0x0047;
    public const ushort ScsiTaskTerminated = 0x0048;
    public const ushort ScsiResidualMismatch = 0x0049;
    public const ushort ScsiTaskManagementFailed = 0x004A;
    public const ushort ScsiIocTerminated = 0x004B;
    public const ushort ScsiExtTerminated = 0x004C;

    /// <summary>Bit 15: IOCLogInfo is valid.</summary>
    public const ushort LogInfoAvailable = 0x8000;

    /// <summary>The status without the log-info flag.</summary>
    public const ushort Mask = 0x7FFF;
}
