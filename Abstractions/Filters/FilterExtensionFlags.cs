namespace DumpFramework.Abstractions.Filters;

/// <summary>FILTER_EXTENSION.Flags (DUMP_FILTER_EXT_FLAG_*).</summary>
[Flags]
public enum FilterExtensionFlags
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>DUMP_FILTER_EXT_FLAG_DUMP_DEVICE_POWER_OFF: the dump device is powered off.</summary>
    DumpDevicePowerOff = 0x1,
}
