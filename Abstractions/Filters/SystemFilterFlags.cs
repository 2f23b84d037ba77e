namespace DumpFramework.Abstractions.Filters;

/// <summary>What the dump stack supports, set by the host and read by the filter (DUMP_FILTER_FLAG_SYSTEM_SUPPORT_*).</summary>
[Flags]
public enum SystemFilterFlags
{
    /// <summary>No support flags.</summary>
    None = 0,

    /// <summary>DUMP_FILTER_FLAG_SYSTEM_SUPPORT_READ: reads are filtered (needs major version 2).</summary>
    SupportRead = 0x1,

    /// <summary>DUMP_FILTER_FLAG_SYSTEM_SUPPORT_FILTER_EXTENSION_EX: the extension carries Size and Flags.</summary>
    SupportExtensionEx = 0x2,
}
