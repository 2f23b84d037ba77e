namespace DumpFramework.Hardware.Tests.Pvscsi;

/// <summary>The PVSCSI interface numbers as the reference (hardware-models.md §3) gives them, written out
/// independently of the model's own constants so a wrong constant there fails a test.</summary>
internal static class PvscsiSpec
{
    public const int Command = 0x0000;
    public const int CommandData = 0x0004;
    public const int CommandStatus = 0x0008;
    public const int InterruptStatus = 0x100C;
    public const int InterruptMask = 0x2010;
    public const int KickNonRwIo = 0x3014;
    public const int KickRwIo = 0x4018;

    public const uint AdapterReset = 1;
    public const uint IssueScsi = 2;
    public const uint SetupRings = 3;
    public const uint ResetBus = 4;
    public const uint ResetDevice = 5;
    public const uint AbortCommand = 6;
    public const uint Config = 7;
    public const uint SetupMessageRing = 8;
    public const uint DeviceUnplug = 9;
    public const uint SetupRequestCallThreshold = 10;
    public const uint GetMaxTargets = 11;

    public const uint StatusFailed = 0xFFFF_FFFF;
    public const uint StatusNotEnoughData = 0xFFFF_FFFE;

    public const uint Completion0 = 0x1;

    public const uint FlagSgList = 0x01;
    public const uint FlagDirectionNone = 0x04;
    public const uint FlagToHost = 0x08;
    public const uint FlagToDevice = 0x10;

    public const ushort HostSuccess = 0x00;
    public const ushort HostSelectionTimeout = 0x11;
    public const ushort HostInvalidParameter = 0x1A;
    public const ushort HostSenseFailed = 0x1B;
    public const ushort HostBadMessage = 0x1D;
    public const ushort HostHardware = 0x20;
    public const ushort HostBusReset = 0x25;
    public const ushort HostAbortQueue = 0x26;
    public const ushort HostDataRun = 0x12;

    public const int RequestLength = 128;
    public const int CompletionLength = 32;
    public const int RequestsPerPage = 32;
    public const int CompletionsPerPage = 128;
}
