namespace DumpFramework.Abstractions.Filters;

/// <summary>
/// A crash dump filter driver (<c>ntdddump.h</c>). <see cref="Initialize"/> is DriverEntry(FILTER_EXTENSION,
/// FILTER_INITIALIZATION_DATA) at stack assembly; the other members are the DumpStart, DumpWrite, DumpFinish,
/// DumpUnload and DumpRead callbacks. In crash mode nothing may allocate or block: allocate every buffer in
/// <see cref="Initialize"/>. Start must not do port I/O.
/// </summary>
public interface IDumpFilter
{
    /// <summary>DriverEntry: read the pre-filled values, allocate buffers, set flags and versions.</summary>
    /// <param name="extension">The filter extension (the dump volume device may be used only now).</param>
    /// <param name="data">The initialization data to fill in.</param>
    /// <returns>STATUS_SUCCESS, or a failure (fatal for the stack when the filter set <see cref="FilterFlags.Critical"/>).</returns>
    NtStatus Initialize(FilterExtension extension, FilterInitializationData data);

    /// <summary>DumpStart: once per dump, before the first write.</summary>
    /// <param name="extension">The filter extension.</param>
    /// <returns>A status.</returns>
    NtStatus Start(FilterExtension extension);

    /// <summary>DumpWrite: before each write. Read the data; never modify it in place.</summary>
    /// <param name="extension">The filter extension.</param>
    /// <param name="write">The write (offset in/out; data substitutable).</param>
    /// <returns>A status.</returns>
    NtStatus Write(FilterExtension extension, DumpFilterWrite write);

    /// <summary>DumpFinish: after all dump data has been written.</summary>
    /// <param name="extension">The filter extension.</param>
    /// <returns>A status.</returns>
    NtStatus Finish(FilterExtension extension);

    /// <summary>DumpUnload: when the stack is unloaded.</summary>
    /// <param name="extension">The filter extension.</param>
    /// <returns>A status.</returns>
    NtStatus Unload(FilterExtension extension);

    /// <summary>DumpRead (major version 2): after each read; may change the data in place.</summary>
    /// <param name="extension">The filter extension.</param>
    /// <param name="read">The read.</param>
    /// <returns>A status.</returns>
    NtStatus Read(FilterExtension extension, DumpFilterRead read);
}
