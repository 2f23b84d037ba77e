using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Dump;

/// <summary>Crash dump header fields given on the command line; each one replaces the manifest's.</summary>
internal sealed record HeaderOverrides(BugCheckValues? BugCheck, ulong? DirectoryTableBase, ulong? KdDebuggerDataBlock, ulong? PsLoadedModuleList)
{
    public CrashHeaderSpec Apply(CrashHeaderSpec header)
    {
        var result = header with
        {
            DirectoryTableBase = DirectoryTableBase ?? header.DirectoryTableBase,
            KdDebuggerDataBlock = KdDebuggerDataBlock ?? header.KdDebuggerDataBlock,
            PsLoadedModuleList = PsLoadedModuleList ?? header.PsLoadedModuleList,
        };
        return BugCheck is null ? result : result with { BugCheckCode = BugCheck.Code, BugCheckParameters = BugCheck.Parameters };
    }
}

/// <summary>A bugcheck code and up to four parameters (KeBugCheckEx's arguments).</summary>
internal sealed record BugCheckValues(uint Code, IReadOnlyList<ulong> Parameters);
