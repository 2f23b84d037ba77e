namespace DumpFramework.Hardware.Ide;

/// <summary>Bits of the ATA Status / Alternate Status register.</summary>
internal static class AtaStatusBits
{
    public const byte Busy = 0x80;
    public const byte DeviceReady = 0x40;
    public const byte DeviceFault = 0x20;
    public const byte SeekComplete = 0x10;
    public const byte DataRequest = 0x08;
    public const byte Corrected = 0x04;
    public const byte Index = 0x02;
    public const byte Error = 0x01;

    /// <summary>DRDY | DSC: the idle good state after reset and after a successful command.</summary>
    public const byte Idle = DeviceReady | SeekComplete;
}
