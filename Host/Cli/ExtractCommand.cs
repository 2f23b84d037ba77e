using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
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
        var outputFile = CliValues.OutputFile("The MEMORY.DMP to write.");
        var command = new Command("extract", "Read the crash dump back from the disk through the stack and save it as a standard MEMORY.DMP.")
        {
            manifest, outputFile, DumpInputs.Disk,
        };
        command.SetAction(parse => CommandHost.Run(parse, host => Run(
            new ExtractRequest(parse.GetValue(manifest)!.FullName, parse.GetValue(outputFile)!, parse.GetValue(DumpInputs.Disk)?.FullName),
            host)));
        return command;
    }

    public static int Run(ExtractRequest request, CommandHost host)
    {
        var manifest = StackManifestLoader.Load(request.ManifestPath);
        var target = DumpTarget.Resolve(manifest, request.Disk);
        CommandHost.CheckOutputIsNotAnInput(request.Output, manifest.FilePath, target.DiskPaths);
        using var signals = host.CatchSignals();
        using var catalog = host.LoadPlugins();
        using var session = DumpSession.Open(manifest, target, catalog, new EmptyMemory());
        var error = host.Error;
        using var header = new MemoryStream();
        var first = session.Read(DumpHeader64Offsets.HeaderSize, header, new ConsoleProgress(TextWriter.Null, interactive: false), signals.Token);
        if (first.Interrupted)
        {
            error.WriteLine($"extract interrupted by {signals.SignalName ?? "a signal"}: nothing was written");
            return signals.ExitCode ?? ExitCodes.OperationFailed;
        }

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

        if (required < DumpHeader64Offsets.HeaderSize || required > target.Capacity)
        {
            error.WriteLine($"extract FAILED: RequiredDumpSpace {required} does not fit the dump file's block map ({target.Capacity} bytes)");
            return ExitCodes.OperationFailed;
        }

        int block = session.Port.Target!.BlockSize;
        long whole = (required + block - 1) / block * block;
        // SMSS keeps exactly RequiredDumpSpace bytes of the whole blocks it reads.
        int code = host.ReadToFile(session, whole, required, request.Output, "extract", "Extracting dump", signals, out _);
        if (code == ExitCodes.Success)
        {
            (request.Output.IsStandardOutput ? host.Error : host.Output).WriteLine(string.Create(CultureInfo.InvariantCulture, $"extracted {required} bytes (RequiredDumpSpace) to {request.Output.Text}"));
        }

        return code;
    }
}

/// <summary>What <c>dumpstack extract</c> was asked: the manifest, the MEMORY.DMP to write (or standard output), another dump disk.</summary>
internal sealed record ExtractRequest(string ManifestPath, OutputTarget Output, string? Disk);
