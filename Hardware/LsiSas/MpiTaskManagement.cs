namespace DumpFramework.Hardware.LsiSas;

/// <summary>SCSI_TASK_MGMT task types, response codes and sizes.</summary>
internal static class MpiTaskManagement
{
    public const int RequestSize = 0x34;
    public const int ReplySize = 0x18;

    public const byte AbortTask = 1;
    public const byte AbortTaskSet = 2;
    public const byte TargetReset = 3;
    public const byte ResetBus = 4;
    public const byte LogicalUnitReset = 5;
    public const byte ClearTaskSet = 6;
    public const byte QueryTask = 7;

    public const byte ResponseComplete = 0;
    public const byte ResponseNotSupported = 4;
    public const byte ResponseSucceeded = 8;
}
