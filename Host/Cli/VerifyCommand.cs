using System.CommandLine;
using System.Globalization;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Dump;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack verify MEMORY.DMP</c>: checks the header as strict readers do and, given the source memory, compares every page.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var dump = new Argument<FileInfo>("dump") { Description = "The MEMORY.DMP to check." };
        dump.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { } file && CliValues.ExistingFileError(file.FullName, "error: the dump", "dump file") is { } message)
            {
                result.AddError(message);
            }
        });
        var command = new Command("verify", "Check a crash dump strictly; with --memory or --synthetic-memory also compare every page and report the first mismatch by physical address.")
        {
            dump,
        };
        DumpInputs.AddMemory(command);
        command.SetAction(parse => CommandHost.Run(parse, host =>
        {
            var memory = DumpInputs.BindMemory(parse);
            bool compare = memory.ImagePath is not null || memory.SyntheticSize is not null;
            return Run(new VerifyRequest(parse.GetValue(dump)!.FullName, compare ? memory : null), host);
        }));
        return command;
    }

    public static int Run(VerifyRequest request, CommandHost host)
    {
        var (output, error) = (host.Output, host.Error);
        string dumpPath = request.DumpPath;
        using var source = request.Memory is null ? null : CommandHost.OpenMemory(request.Memory);
        if (CliValues.ExistingFileError(dumpPath, "the dump", "dump file") is { } notAFile)
        {
            throw new InvalidInputException(notAFile);
        }

        FileStream file;
        try
        {
            // Opened without blocking and checked again once open: a FIFO swapped in after the check is refused, not waited on.
            file = new FileStream(FileNode.OpenLocked(dumpPath, write: false, out _), FileAccess.Read, 1 << 20);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(failure.Message, failure);
        }

        using (file)
        {
            CrashDumpVerification result;
            try
            {
                result = source is null ? CrashDumpVerifier.Verify(file) : CrashDumpVerifier.Verify(file, source.TryRead, source.Ranges);
            }
            catch (Exception failure) when (failure is IOException or FormatException)
            {
                // The dump file is the input: one that cannot be read is invalid input, not a failed verification.
                throw new InvalidInputException(failure.Message, failure);
            }

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
    }
}

/// <summary>What <c>dumpstack verify</c> was asked: the dump file, and the memory to compare its pages with (null: header checks only).</summary>
internal sealed record VerifyRequest(string DumpPath, MemoryRequest? Memory);
