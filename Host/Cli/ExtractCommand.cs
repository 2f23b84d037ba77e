using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Orchestration;

namespace DumpFramework.Host.Cli;

/// <summary>
/// <c>dumpstack extract</c>: what SMSS does at the next boot. Follows the dump file's block map, reads through the
/// stack (the filters' read direction included), checks that the header says 'PAGE'/'DU64', and keeps exactly
/// RequiredDumpSpace bytes as MEMORY.DMP.
/// </summary>
internal static class ExtractCommand
{
    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest", "-m") { Description = "Stack manifest the dump was written with.", Required = true };
        var outputFile = new Option<FileInfo>("--output", "-o") { Description = "The MEMORY.DMP to write.", Required = true };
        var command = new Command("extract", "Read the crash dump back from the disk through the stack and save it as a standard MEMORY.DMP.")
        {
            manifest, outputFile, DumpCommand.Disk,
        };
        command.SetAction(parse => Run(
            parse.GetValue(manifest)!.FullName,
            parse.GetValue(outputFile)!.FullName,
            parse.GetValue(DumpCommand.Disk)?.FullName,
            parse.GetValue(CommonOptions.Plugins)!.FullName,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string manifestPath, string outputPath, string? disk, string pluginDirectory, TextWriter output, TextWriter error) =>
        !SessionRunner.CheckOutput(outputPath, error) ? ExitCodes.InvalidInput : SessionRunner.Run(manifestPath, pluginDirectory, error, () => new EmptyMemory(), disk, session =>
        {
            var region = session.Region;
            using var header = new MemoryStream();
            var silent = new ConsoleProgress(TextWriter.Null, interactive: false);
            var first = session.Read(region, DumpHeader64Offsets.HeaderSize, header, silent);
            if (!first.Succeeded)
            {
                error.WriteLine($"extract FAILED: {first.Error}");
                return ExitCodes.OperationFailed;
            }

            var bytes = header.GetBuffer().AsSpan(0, DumpHeader64Offsets.HeaderSize);
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes[DumpHeader64Offsets.Signature..]);
            uint valid = BinaryPrimitives.ReadUInt32LittleEndian(bytes[DumpHeader64Offsets.ValidDump..]);
            long required = BinaryPrimitives.ReadInt64LittleEndian(bytes[DumpHeader64Offsets.RequiredDumpSpace..]);
            if (signature != DumpSignatures.Page || valid != DumpSignatures.ValidDump64)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"extract FAILED: no complete dump on the disk (signature 0x{signature:X8}, ValidDump 0x{valid:X8}; a dump cut short keeps ValidDump unset)"));
                return ExitCodes.OperationFailed;
            }

            if (required < DumpHeader64Offsets.HeaderSize || required > region.Capacity)
            {
                error.WriteLine($"extract FAILED: RequiredDumpSpace {required} does not fit the dump file's block map ({region.Capacity} bytes)");
                return ExitCodes.OperationFailed;
            }

            int block = session.Port.Target!.BlockSize;
            long whole = (required + block - 1) / block * block;
            // SMSS keeps exactly RequiredDumpSpace bytes of the whole blocks it reads.
            int code = SessionRunner.ReadToFile(session, whole, required, outputPath, "extract", "Extracting dump", output, error, out _);
            if (code != ExitCodes.Success)
            {
                return code;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"extracted {required} bytes (RequiredDumpSpace) to {outputPath}"));
            return ExitCodes.Success;
        });
}
