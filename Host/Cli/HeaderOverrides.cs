using System.Globalization;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Cli;

/// <summary>Crash dump header fields given on the command line; each one replaces the manifest's.</summary>
internal sealed record HeaderOverrides(string? BugCheck, string? DirectoryTableBase, string? KdDebuggerDataBlock, string? PsLoadedModuleList)
{
    /// <exception cref="FormatException">A value is not a number.</exception>
    public CrashHeaderSpec Apply(CrashHeaderSpec header)
    {
        var result = header with
        {
            DirectoryTableBase = Number(DirectoryTableBase, "--directory-table-base") ?? header.DirectoryTableBase,
            KdDebuggerDataBlock = Number(KdDebuggerDataBlock, "--kd-debugger-data-block") ?? header.KdDebuggerDataBlock,
            PsLoadedModuleList = Number(PsLoadedModuleList, "--ps-loaded-module-list") ?? header.PsLoadedModuleList,
        };
        if (BugCheck is null)
        {
            return result;
        }

        var values = BugCheck.Split(',', StringSplitOptions.TrimEntries).Select(v => Number(v, "--bugcheck")!.Value).ToList();
        if (values.Count > 5 || values[0] > uint.MaxValue)
        {
            throw new FormatException("--bugcheck takes a 32-bit code and at most four parameters, separated by commas");
        }

        return result with { BugCheckCode = (uint)values[0], BugCheckParameters = values.Skip(1).ToList() };
    }

    private static ulong? Number(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return ulong.TryParse(hex ? text[2..] : text, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new FormatException($"{option}: '{text}' is not a number (decimal or 0x hex)");
    }
}
