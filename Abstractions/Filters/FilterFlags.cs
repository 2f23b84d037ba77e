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

    /// <summary>
    /// Not a Windows flag (this framework's, in a bit ntdddump.h does not use): the filter's DumpWrite may be called for
    /// the next write on another processor while the port is still writing the data the previous DumpWrite returned
    /// (the cipher of one write overlaps the I/O of the one before). A filter that sets it must leave what it
    /// substituted for one write untouched until its DumpWrite returns for the write after next (two substitute buffers
    /// used in turn), and its DumpWrite must not depend on which processor runs it. The host may still call every
    /// DumpWrite in line; a filter that does not set it is never called concurrently with the port.
    /// </summary>
    PipelinedWrites = 0x100,
}
