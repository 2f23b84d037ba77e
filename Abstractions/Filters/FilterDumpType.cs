namespace DumpFramework.Abstractions.Filters;

/// <summary>FILTER_DUMP_TYPE: why the dump stack runs.</summary>
public enum FilterDumpType
{
    /// <summary>DumpTypeUndefined.</summary>
    Undefined = 0,
    /// <summary>DumpTypeCrashdump.</summary>
    Crashdump = 1,
    /// <summary>DumpTypeHibernation.</summary>
    Hibernation = 2,
}
