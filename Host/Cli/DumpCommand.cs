using System.CommandLine;
using System.Globalization;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack dump</c>: writes memory to the disk through the whole stack, polled, as at a bugcheck.</summary>
internal static class DumpCommand
{
    public static readonly Option<FileInfo> Manifest = new("--manifest", "-m") { Description = "Stack manifest (default: the built-in LSI_SAS stack, disk in a new temporary folder)." };
    public static readonly Option<FileInfo> Memory = new("--memory") { Description = "Memory to dump: a raw memory image (one run from 0) or a LiME capture (default: synthetic memory)." };
    public static readonly Option<string> Synthetic = new("--synthetic-memory") { Description = "Size of the synthetic memory when no --memory is given (default 256 MiB), e.g. 1 GiB." };
    public static readonly Option<int> Seed = new("--seed") { Description = "Seed of the synthetic memory's content.", DefaultValueFactory = _ => 1 };
    public static readonly Option<FileInfo> Disk = new("--disk") { Description = "Image file or block device to use as the dump disk instead of the manifest's." };
    public static readonly Option<string> Format = new Option<string>("--format") { Description = "full (complete memory dump, DumpType 1), bitmap (DumpType 5) or raw (memory runs, no header); default: the manifest's, else full." }.AcceptOnlyFromAmong("full", "bitmap", "raw");
    public static readonly Option<bool> OmitZeroPages = new("--omit-zero-pages") { Description = "Bitmap dumps: leave out all-zero pages (the bitmap says so)." };
    public static readonly Option<string> BugCheck = new("--bugcheck") { Description = "Bugcheck code and up to four parameters for the header, e.g. 0xD1,0x0,0x2,0x0,0xfffff80012345678 (default: the manifest's, else 0xE2)." };
    public static readonly Option<string> DirectoryTableBase = new("--directory-table-base") { Description = "DirectoryTableBase (CR3 of the crashing process) for the header, hex or decimal." };
    public static readonly Option<string> KdDebuggerDataBlock = new("--kd-debugger-data-block") { Description = "KdDebuggerDataBlock virtual address for the header." };
    public static readonly Option<string> PsLoadedModuleList = new("--ps-loaded-module-list") { Description = "PsLoadedModuleList virtual address for the header." };

    public static Command Create()
    {
        var command = new Command("dump", "Write a crash dump of memory (a complete memory dump unless --format or the manifest says otherwise) to the disk through filters -> port -> miniport -> controller -> disk, polled. Shows 'Dumping physical memory to disk: NN%'.")
        {
            Manifest, Memory, Synthetic, Seed, Disk, Format, OmitZeroPages, BugCheck, DirectoryTableBase, KdDebuggerDataBlock, PsLoadedModuleList,
        };
        command.SetAction(parse => Run(
            parse.GetValue(Manifest)?.FullName,
            parse.GetValue(Memory)?.FullName,
            parse.GetValue(Synthetic),
            parse.GetValue(Seed),
            parse.GetValue(Disk)?.FullName,
            parse.GetValue(Format),
            parse.GetValue(OmitZeroPages),
            parse.GetValue(CommonOptions.Plugins)!.FullName,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            new HeaderOverrides(parse.GetValue(BugCheck), parse.GetValue(DirectoryTableBase), parse.GetValue(KdDebuggerDataBlock), parse.GetValue(PsLoadedModuleList))));
        return command;
    }

    public static int Run(string? manifestPath, string? memoryPath, string? syntheticSize, int seed, string? disk, string? format, bool omitZeroPages, string pluginDirectory, TextWriter output, TextWriter error, HeaderOverrides? headerOverrides = null)
    {
        manifestPath ??= BuiltInStack.WriteToTemporaryFolder();
        long? synthetic = null;
        if (syntheticSize is not null)
        {
            if (!ByteSize.TryParse(syntheticSize, out long bytes) || bytes <= 0)
            {
                error.WriteLine($"--synthetic-memory: '{syntheticSize}' is not a size such as 512 MiB");
                return ExitCodes.InvalidInput;
            }

            if (bytes % MemorySources.PageSize != 0)
            {
                error.WriteLine($"--synthetic-memory: '{syntheticSize}' is not a whole number of 4 KiB pages");
                return ExitCodes.InvalidInput;
            }

            synthetic = bytes;
        }

        return SessionRunner.Run(manifestPath, pluginDirectory, error, () => MemorySources.Open(memoryPath, synthetic, seed), disk, session =>
        {
            var manifest = session.Stack.Manifest;
            var dumpFormat = format is null ? manifest.Dump.Format : Enum.Parse<DumpFormat>(format, ignoreCase: true);
            if (omitZeroPages && dumpFormat != DumpFormat.Bitmap)
            {
                error.WriteLine($"--omit-zero-pages: only a bitmap dump can leave pages out; this dump is {dumpFormat.ToString().ToLowerInvariant()} (add --format bitmap)");
                return ExitCodes.InvalidInput;
            }

            IDumpContent content;
            try
            {
                var dumpSpec = headerOverrides is null ? manifest.Dump : manifest.Dump with { Header = headerOverrides.Apply(manifest.Dump.Header) };
                content = DumpContentFactory.Create(dumpSpec, dumpFormat, omitZeroPages || manifest.Dump.OmitZeroPages, session.Memory, session.Memory.Source.Ranges);
            }
            catch (Exception failure) when (failure is DumpFailedException or FormatException)
            {
                error.WriteLine($"error: {failure.Message}");
                return ExitCodes.InvalidInput;
            }

            output.WriteLine($"stack {manifest.Name}: {string.Join(" -> ", session.Stack.Plugins.Select(p => p.LoadName))} -> {session.Hardware.Controller.Model}");
            output.WriteLine($"memory: {session.Memory.Source.Description}; writing a {content.Description}, {ByteSize.Format(content.Length)}, to {disk ?? manifest.DumpDisk.ImagePath} at offset {ByteSize.Format(manifest.Dump.Offset)}");
            var progress = new ConsoleProgress(output, interactive: ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
            var result = session.Dump(content, session.Region, progress);
            SessionRunner.PrintLog(session, error);
            var s = result.PortStatistics;
            string figures = string.Create(CultureInfo.InvariantCulture, $"{result.BytesWritten} bytes in {result.Writes} writes, {s.RequestsStarted} SRBs, {s.BusyResubmits} busy resubmits, {s.Retries} retries, {s.Timeouts} timeouts, {s.Resets} resets, {s.AdapterReinitializations} adapter re-inits, {result.Duration.TotalSeconds:0.000} s, {result.MegabytesPerSecond:0.0} MB/s");
            if (!result.Succeeded)
            {
                error.WriteLine($"dump FAILED: {result.Error}");
                error.WriteLine($"  before failing: {figures}");
                return ExitCodes.OperationFailed;
            }

            output.WriteLine($"dump written to {disk ?? manifest.DumpDisk.ImagePath}: {figures}");
            if (content is CrashDumpContent)
            {
                string diskOption = disk is null ? string.Empty : $" --disk {disk}";
                output.WriteLine($"extract it as SMSS would: dumpstack extract -m {manifestPath}{diskOption} -o MEMORY.DMP");
            }
            return ExitCodes.Success;
        });
    }
}
