namespace DumpFramework.Abstractions.Ata;

/// <summary>IRB_FUNCTION_* of <c>irb.h</c> (IDE_REQUEST_BLOCK.Function).</summary>
public enum IrbFunction : ushort
{
    /// <summary>IRB_FUNCTION_ATA_COMMAND: a raw ATA task file.</summary>
    AtaCommand = 0x100,
    /// <summary>IRB_FUNCTION_ATA_IDENTIFY.</summary>
    AtaIdentify = 0x101,
    /// <summary>IRB_FUNCTION_ATA_READ.</summary>
    AtaRead = 0x102,
    /// <summary>IRB_FUNCTION_ATA_WRITE.</summary>
    AtaWrite = 0x103,
    /// <summary>IRB_FUNCTION_ATA_FLUSH.</summary>
    AtaFlush = 0x104,
    /// <summary>IRB_FUNCTION_ATA_SMART.</summary>
    AtaSmart = 0x105,
    /// <summary>IRB_FUNCTION_ATA_GPLOG.</summary>
    AtaGpLog = 0x106,
    /// <summary>IRB_FUNCTION_ATAPI_COMMAND.</summary>
    AtapiCommand = 0x200,
    /// <summary>IRB_FUNCTION_REQUEST_SENSE.</summary>
    RequestSense = 0x201,
    /// <summary>IRB_FUNCTION_MINIPORT_COMMAND.</summary>
    MiniportCommand = 0x400,
    /// <summary>IRB_FUNCTION_ADAPTER_FLUSH.</summary>
    AdapterFlush = 0x401,
    /// <summary>IRB_FUNCTION_SHUTDOWN.</summary>
    Shutdown = 0x402,
    /// <summary>IRB_FUNCTION_POWER_CHANGE.</summary>
    PowerChange = 0x403,
    /// <summary>IRB_FUNCTION_LUN_RESET.</summary>
    LunReset = 0x404,
    /// <summary>IRB_FUNCTION_MINIPORT_IOCTL.</summary>
    MiniportIoctl = 0x405,
    /// <summary>IRB_FUNCTION_POWER_REBOOT.</summary>
    PowerReboot = 0x406,
}
