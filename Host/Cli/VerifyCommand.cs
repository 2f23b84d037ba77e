using System.CommandLine;
using System.Globalization;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack verify MEMORY.DMP</c>: checks the header as strict readers do and, given the source memory, compares every page.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var dump = new Argument<FileInfo>("dump") { Description = "The MEMORY.DMP to check." };
        var command = new Command("verify", "Check a crash dump strictly; with --memory or --synthetic-memory also compare every page and report the first mismatch by physical address.")
        {
            dump, DumpCommand.Memory, DumpCommand.Synthetic, DumpCommand.Seed,
        };
        command.SetAction(parse => Run(
            parse.GetValue(dump)!.FullName,
            parse.GetValue(DumpCommand.Memory)?.FullName,
            parse.GetValue(DumpCommand.Synthetic),
            parse.GetValue(DumpCommand.Seed),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string dumpPath, string? memoryPath, string? syntheticSize, int seed, TextWriter output, TextWriter error)
    {
        if (!File.Exists(dumpPath))
        {
            error.WriteLine(Directory.Exists(dumpPath) ? $"error: {dumpPath} is a folder, not a dump file" : $"error: {dumpPath} does not exist");
            return ExitCodes.InvalidInput;
        }

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

        IMemorySource? source = null;
        try
        {
            if (memoryPath is not null || synthetic is not null)
            {
                source = MemorySources.Open(memoryPath, synthetic, seed);
            }

            using var file = new FileStream(dumpPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var result = source is null ? CrashDumpVerifier.Verify(file) : CrashDumpVerifier.Verify(file, source.TryRead);
            foreach (var finding in result.Findings)
            {
                (finding.Severity == CrashDumpFindingSeverity.Error ? error : output).WriteLine(finding);
            }

            if (source is not null)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pages compared {result.PagesCompared}, mismatched {result.MismatchedPages}, missing {result.MissingPages}, unreadable in the source {result.UnreadableSourcePages}"));
                if (result.FirstMismatchByteAddress is { } address)
                {
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first mismatch at physical address 0x{address:X}"));
                }
            }

            bool good = result.IsValid && result.MismatchedPages == 0 && result.MissingPages == 0;
            output.WriteLine(good
                ? $"{dumpPath}: valid {(result.DumpType == 5 ? "bitmap" : "complete")} dump, {result.PagesInDump} pages"
                : $"{dumpPath}: NOT valid{(result.IsIncomplete ? " (incomplete dump)" : string.Empty)}");
            return good ? ExitCodes.Success : ExitCodes.OperationFailed;
        }
        catch (Exception failure) when (failure is IOException or FormatException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {failure.Message}");
            return ExitCodes.InvalidInput;
        }
        finally
        {
            source?.Dispose();
        }
    }
}
