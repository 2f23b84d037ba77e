namespace DumpFramework.Abstractions.Filters;

/// <summary>Flags the filter sets in FILTER_INITIALIZATION_DATA.Flags. Kept apart from <see cref="SystemFilterFlags"/>
/// because Windows gives DUMP_FILTER_CRITICAL and DUMP_FILTER_FLAG_SYSTEM_SUPPORT_READ the same bit (0x1).</summary>
[Flags]
public enum FilterFlags
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>DUMP_FILTER_CRITICAL: if this filter fails to initialize, the dump stack is not used.</summary>
    Critical = 0x1,
}
