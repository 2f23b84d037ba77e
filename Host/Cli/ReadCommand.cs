using System.CommandLine;
using System.Globalization;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack read</c>: reads the dump region back through the same stack (filters' read direction included) into a file.</summary>
internal static class ReadCommand
{
    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest", "-m") { Description = "Stack manifest.", Required = true };
        var outputFile = CliValues.OutputFile("File to write the data to.");
        var length = CliValues.Size("--length", "Bytes to read from the start of the dump region (default: the whole region), e.g. 256 MiB.");
        var command = new Command("read", "Read the dump region back through port, miniport and filters into a file.")
        {
            manifest, outputFile, length, DumpInputs.Disk,
        };
        command.SetAction(parse => CommandHost.Run(parse, host => Run(
            new ReadRequest(parse.GetValue(manifest)!.FullName, parse.GetValue(outputFile)!, parse.GetValue(length), parse.GetValue(DumpInputs.Disk)?.FullName),
            host)));
        return command;
    }

    public static int Run(ReadRequest request, CommandHost host)
    {
        var manifest = StackManifestLoader.Load(request.ManifestPath);
        var target = DumpTarget.Resolve(manifest, request.Disk);
        long bytes = request.Length ?? target.Capacity;
        int block = target.BlockMap.SectorSize;
        if (bytes % block != 0 || bytes > target.Capacity)
        {
            // Told from the plan, before any disk is opened.
            host.Error.WriteLine(bytes % block != 0
                ? $"--length: {bytes} bytes is not a whole number of {block}-byte blocks"
                : $"--length: {bytes} bytes reaches beyond the dump region ({target.Capacity} bytes)");
            return ExitCodes.InvalidInput;
        }

        CommandHost.CheckOutputIsNotAnInput(request.Output, manifest.FilePath, target.DiskPaths);
        using var signals = host.CatchSignals();
        using var catalog = host.LoadPlugins();
        using var session = DumpSession.Open(manifest, target, catalog, new EmptyMemory());
        int code = host.ReadToFile(session, bytes, bytes, request.Output, "read", "Reading dump from disk", signals, out var result);
        if (code == ExitCodes.Success)
        {
            (request.Output.IsStandardOutput ? host.Error : host.Output).WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {result!.BytesRead} bytes into {request.Output.Text} in {result.Duration.TotalSeconds:0.000} s"));
        }

        return code;
    }
}

/// <summary>What <c>dumpstack read</c> was asked: the manifest, the file to write (or standard output), how much (null: the whole region), another dump disk.</summary>
internal sealed record ReadRequest(string ManifestPath, OutputTarget Output, long? Length, string? Disk);
