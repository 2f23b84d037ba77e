namespace DumpFramework.Abstractions.Drivers;

/// <summary>Constants of the plugin contract and of the Windows dump stack naming rules.</summary>
public static class DumpContract
{
    /// <summary>Major version of this contract. Constants are compiled into each plugin, so the host can tell which
    /// contract a plugin was built against.</summary>
    public const int MajorVersion = 2;

    /// <summary>Minor version of this contract (additions only; a host accepts plugins of an equal or lower minor).</summary>
    public const int MinorVersion = 0;

    /// <summary>The module prefix of the crash dump stack (<c>DUMP_STACK_CONTEXT.ModulePrefix</c>).</summary>
    public const string CrashDumpPrefix = "dump_";

    /// <summary>The module prefix of the hibernation stack.</summary>
    public const string HibernationPrefix = "hiber_";

    /// <summary>Longest driver base name: DUMP_DRIVER_NAME_LENGTH is 15 WCHARs including the <c>.sys</c> extension
    /// is not required, so 15 characters is the limit we enforce for the base name itself.</summary>
    public const int MaximumBaseNameLength = 15;

    /// <summary>The page size of the dumped machine (x86/x64), in bytes.</summary>
    public const int PageSize = 4096;

    /// <summary>IO_DUMP_COMMON_BUFFER_SIZE: the size of each of the two common buffers the dump port gets (64 KiB).</summary>
    public const int CommonBufferSize = 0x10000;

    /// <summary>The number of common buffers in DUMP_INITIALIZATION_CONTEXT.</summary>
    public const int CommonBufferCount = 2;

    /// <summary>The argument string a miniport's find-adapter routine receives in dump mode.</summary>
    public const string DumpArgumentString = "dump=1";
}
