namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>Register offsets and bits of an IDE channel as the miniport programs them (its own "ata.h").</summary>
/// <remarks>VENDOR: replace with your controller's register definitions.</remarks>
internal static class AtaRegisters
{
    // Command block.
    public const int Data = 0;
    public const int Error = 1;
    public const int Features = 1;
    public const int SectorCount = 2;
    public const int LbaLow = 3;
    public const int LbaMid = 4;
    public const int LbaHigh = 5;
    public const int DeviceHead = 6;
    public const int Status = 7;
    public const int Command = 7;

    // Control block.
    public const int AlternateStatus = 0;
    public const int DeviceControl = 0;
    public const byte ControlInterruptDisable = 0x02;
    public const byte ControlSoftReset = 0x04;
    public const byte ControlHighOrderByte = 0x80;

    // Bus master.
    public const int BusMasterCommand = 0;
    public const int BusMasterStatus = 2;
    public const int BusMasterPrdTable = 4;
    public const byte BusMasterStart = 0x01;
    public const byte BusMasterWritesMemory = 0x08;
    public const byte BusMasterActive = 0x01;
    public const byte BusMasterError = 0x02;
    public const byte BusMasterInterrupt = 0x04;

    // Status bits.
    public const byte StatusBusy = 0x80;
    public const byte StatusReady = 0x40;
    public const byte StatusFault = 0x20;
    public const byte StatusDataRequest = 0x08;
    public const byte StatusError = 0x01;

    // Device/Head.
    public const byte DeviceObsoleteBits = 0xA0;
    public const byte DeviceLba = 0x40;
    public const byte DeviceSelect = 0x10;

    // Commands the miniport issues on its own.
    public const byte IdentifyDevice = 0xEC;
    public const byte SetMultipleMode = 0xC6;
    public const byte SetFeatures = 0xEF;
    public const byte FeatureSetTransferMode = 0x03;
}
