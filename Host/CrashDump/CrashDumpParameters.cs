namespace DumpFramework.Host.CrashDump;

/// <summary>
/// What goes into DUMP_HEADER64 besides the memory layout. On a real machine nt!IoFillDumpHeader takes these from
/// kernel globals. A bench that dumps a raw physical memory image cannot know them: finding the system process's CR3,
/// the (Win8+ encoded) KDBG block or PsLoadedModuleList needs the guest OS's symbols and page tables. So the defaults
/// are 0, meaning "unknown": the file is then a structurally valid dump (every strict reader's checks pass, and page
/// data can be read by physical address), but a debugger cannot translate virtual addresses or list modules. Supply
/// the real values when the image comes from a known guest.
/// </summary>
internal sealed record CrashDumpParameters
{
    /// <summary>DumpType 1, 5 or 6; must match the layout.</summary>
    public CrashDumpType DumpType { get; init; } = CrashDumpType.Full;

    /// <summary>Stop code; default 0xE2 MANUALLY_INITIATED_CRASH (what a user-triggered crash shows, parameters zero).</summary>
    public uint BugCheckCode { get; init; } = 0xE2;

    public ulong BugCheckParameter1 { get; init; }
    public ulong BugCheckParameter2 { get; init; }
    public ulong BugCheckParameter3 { get; init; }
    public ulong BugCheckParameter4 { get; init; }

    /// <summary><c>NtBuildNumber &gt;&gt; 28</c>; default 0xF (a release build).</summary>
    public uint MajorVersion { get; init; } = 0xF;

    /// <summary>Build number; default 19041 (Windows 10 2004) as a plausible modern build. Set it to the image's build.</summary>
    public uint MinorVersion { get; init; } = 19041;

    /// <summary>System process CR3, page aligned; 0 = unknown (no virtual address translation possible).</summary>
    public ulong DirectoryTableBase { get; init; }

    /// <summary>VA of MmPfnDatabase; 0 = unknown.</summary>
    public ulong PfnDataBase { get; init; }

    /// <summary>VA of nt!PsLoadedModuleList; 0 = unknown (no module list).</summary>
    public ulong PsLoadedModuleList { get; init; }

    /// <summary>VA of nt!PsActiveProcessHead; 0 = unknown (no process list).</summary>
    public ulong PsActiveProcessHead { get; init; }

    /// <summary>VA of a decoded KDBG block; 0 = unknown (debuggers must search for it).</summary>
    public ulong KdDebuggerDataBlock { get; init; }

    /// <summary>Active processor count; default 1.</summary>
    public uint NumberProcessors { get; init; } = 1;

    /// <summary>Registers of the crashing CPU.</summary>
    public CrashContextRegisters Registers { get; init; } = new();

    /// <summary>EXCEPTION_RECORD64.ExceptionCode; default 0x80000003 STATUS_BREAKPOINT, what IoFillDumpHeader writes.</summary>
    public uint ExceptionCode { get; init; } = 0x80000003;

    /// <summary>EXCEPTION_RECORD64.ExceptionAddress; default 0 as IoFillDumpHeader writes.</summary>
    public ulong ExceptionAddress { get; init; }

    /// <summary>Crash time (stored as FILETIME, UTC); default: when the parameters were created.</summary>
    public DateTimeOffset SystemTime { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Time since boot (100 ns units in the file); default zero = unknown.</summary>
    public TimeSpan SystemUpTime { get; init; }

    /// <summary>ASCII comment, at most 127 characters; <see langword="null"/> leaves the 'PAGE' fill as Windows does.</summary>
    public string? Comment { get; init; }

    /// <summary>RtlGetNtProductType: 1 workstation (default), 2 domain controller, 3 server.</summary>
    public uint ProductType { get; init; } = 1;

    /// <summary>KUSER_SHARED_DATA.SuiteMask; default 0x110 (SingleUserTS | TerminalServer), typical for a Windows 10 desktop.</summary>
    public uint SuiteMask { get; init; } = 0x110;

    /// <summary>DUMP_FILE_ATTRIBUTES bits; default 0 as IoFillDumpHeader writes.</summary>
    public uint Attributes { get; init; }

    /// <summary>KUSER_SHARED_DATA.BootId; default 0 = unknown.</summary>
    public uint BootId { get; init; }
}
