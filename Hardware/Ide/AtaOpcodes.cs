namespace DumpFramework.Hardware.Ide;

/// <summary>ATA command opcodes the disk model knows.</summary>
internal static class AtaOpcodes
{
    public const byte Nop = 0x00;
    public const byte DeviceReset = 0x08;
    public const byte RecalibrateFirst = 0x10;
    public const byte RecalibrateLast = 0x1F;
    public const byte ReadSectors = 0x20;
    public const byte ReadSectorsExt = 0x24;
    public const byte ReadDmaExt = 0x25;
    public const byte ReadNativeMaxAddressExt = 0x27;
    public const byte ReadMultipleExt = 0x29;
    public const byte WriteSectors = 0x30;
    public const byte WriteSectorsExt = 0x34;
    public const byte WriteDmaExt = 0x35;
    public const byte WriteMultipleExt = 0x39;
    public const byte ReadVerifySectors = 0x40;
    public const byte ReadVerifySectorsExt = 0x42;
    public const byte Seek = 0x70;
    public const byte ExecuteDeviceDiagnostic = 0x90;
    public const byte InitializeDeviceParameters = 0x91;
    public const byte IdentifyPacketDevice = 0xA1;
    public const byte ReadMultiple = 0xC4;
    public const byte WriteMultiple = 0xC5;
    public const byte SetMultipleMode = 0xC6;
    public const byte ReadDma = 0xC8;
    public const byte WriteDma = 0xCA;
    public const byte StandbyImmediate = 0xE0;
    public const byte IdleImmediate = 0xE1;
    public const byte Standby = 0xE2;
    public const byte Idle = 0xE3;
    public const byte CheckPowerMode = 0xE5;
    public const byte FlushCache = 0xE7;
    public const byte FlushCacheExt = 0xEA;
    public const byte IdentifyDevice = 0xEC;
    public const byte SetFeatures = 0xEF;
    public const byte ReadNativeMaxAddress = 0xF8;

    /// <summary>SET FEATURES subcommands (Features register).</summary>
    public const byte FeatureEnableWriteCache = 0x02;
    public const byte FeatureSetTransferMode = 0x03;
    public const byte FeatureDisableWriteCache = 0x82;
}
