using System.CommandLine;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Cli;

/// <summary>The options that say what a dump writes, shared by <c>dump</c> and <c>validate</c> (which plans the same dump) and, for memory, <c>verify</c>.</summary>
internal static class DumpInputs
{
    public static readonly Option<FileInfo> Memory = CliValues.ExistingFile("--memory", "memory image", "Memory to dump: a raw memory image (one run from 0) or a LiME capture (default: synthetic memory).");
    public static readonly Option<long?> Synthetic = CliValues.Size("--synthetic-memory", "Size of the synthetic memory when no --memory is given (default 256 MiB), e.g. 1 GiB.", wholePages: true);
    public static readonly Option<int> Seed = new("--seed") { Description = "Seed of the synthetic memory's content.", DefaultValueFactory = _ => 1 };
    public static readonly Option<FileInfo> Disk = CliValues.DiskFile("--disk", "Image file or block device to use as the dump disk instead of the manifest's.");
    public static readonly Option<DumpFormat?> Format = CliValues.Format("--format", "full (complete memory dump, DumpType 1), bitmap (DumpType 5) or raw (memory runs, no header); default: the manifest's, else full.");
    public static readonly Option<bool> OmitZeroPages = new("--omit-zero-pages") { Description = "Bitmap dumps: leave out all-zero pages (the bitmap says so)." };
    public static readonly Option<BugCheckValues?> BugCheck = CliValues.BugCheck("--bugcheck", "Bugcheck code and up to four parameters for the header, e.g. 0xD1,0x0,0x2,0x0,0xfffff80012345678 (default: the manifest's, else 0xE2).");
    public static readonly Option<ulong?> DirectoryTableBase = CliValues.Number("--directory-table-base", "DirectoryTableBase (CR3 of the crashing process) for the header, hex or decimal.");
    public static readonly Option<ulong?> KdDebuggerDataBlock = CliValues.Number("--kd-debugger-data-block", "KdDebuggerDataBlock virtual address for the header.");
    public static readonly Option<ulong?> PsLoadedModuleList = CliValues.Number("--ps-loaded-module-list", "PsLoadedModuleList virtual address for the header.");

    /// <summary>Adds the memory options.</summary>
    public static void AddMemory(Command command)
    {
        command.Add(Memory);
        command.Add(Synthetic);
        command.Add(Seed);
    }

    /// <summary>Adds the memory and dump options, and the cross-option rule that zero pages can only be left out of a bitmap dump.</summary>
    public static void AddAll(Command command)
    {
        AddMemory(command);
        foreach (var option in new Option[] { Disk, Format, OmitZeroPages, BugCheck, DirectoryTableBase, KdDebuggerDataBlock, PsLoadedModuleList })
        {
            command.Add(option);
        }

        // Told at parse time when --format is given; with the manifest's format the dump plan tells it, as early.
        command.Validators.Add(result =>
        {
            if (result.GetValue(OmitZeroPages) && result.GetValue(Format) is { } format && format != DumpFormat.Bitmap)
            {
                result.AddError(DumpPlan.OmitZeroPagesNeedsBitmap(format));
            }
        });
    }

    public static MemoryRequest BindMemory(ParseResult parse) =>
        new(parse.GetValue(Memory)?.FullName, parse.GetValue(Synthetic), parse.GetValue(Seed));

    public static DumpOptions BindOptions(ParseResult parse) => new()
    {
        Format = parse.GetValue(Format),
        OmitZeroPages = parse.GetValue(OmitZeroPages),
        Disk = parse.GetValue(Disk)?.FullName,
        Header = new HeaderOverrides(parse.GetValue(BugCheck), parse.GetValue(DirectoryTableBase), parse.GetValue(KdDebuggerDataBlock), parse.GetValue(PsLoadedModuleList)),
    };
}
