namespace DumpFramework.Hardware.Ide;

/// <summary>Offsets of the task-file registers in the command block.</summary>
internal static class IdeCommandRegister
{
    public const int Data = 0;
    public const int Error = 1;
    public const int Features = 1;
    public const int SectorCount = 2;
    public const int LbaLow = 3;
    public const int LbaMid = 4;
    public const int LbaHigh = 5;
    public const int Device = 6;
    public const int Status = 7;
    public const int Command = 7;

    /// <summary>Device Control bits (control block).</summary>
    public const byte ControlInterruptDisable = 0x02;
    public const byte ControlSoftReset = 0x04;
    public const byte ControlHighOrderByte = 0x80;

    /// <summary>Device register bits.</summary>
    public const byte DeviceLba = 0x40;
    public const byte DeviceSelect = 0x10;
}
