namespace DumpFramework.Host.Manifest;

/// <summary>
/// Header fields a bench cannot learn from a raw memory image (bugcheck data, kernel pointers); everything not given
/// keeps the documented defaults of the crash dump writer (bugcheck 0xE2 MANUALLY_INITIATED_CRASH, pointers 0).
/// </summary>
internal sealed record CrashHeaderSpec
{
    public uint? BugCheckCode { get; init; }

    public IReadOnlyList<ulong> BugCheckParameters { get; init; } = [];

    public ulong? DirectoryTableBase { get; init; }

    public ulong? KdDebuggerDataBlock { get; init; }

    public ulong? PsLoadedModuleList { get; init; }

    public ulong? PsActiveProcessHead { get; init; }

    public ulong? PfnDataBase { get; init; }

    public uint? Processors { get; init; }

    public string? Comment { get; init; }
}
