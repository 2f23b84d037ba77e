using System.CommandLine;
using System.Globalization;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;

namespace DumpFramework.Host.Cli;

/// <summary><c>dumpstack read</c>: reads the dump region back through the same stack (filters' read direction included) into a file.</summary>
internal static class ReadCommand
{
    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest", "-m") { Description = "Stack manifest.", Required = true };
        var outputFile = new Option<FileInfo>("--output", "-o") { Description = "File to write the data to.", Required = true };
        var length = new Option<string>("--length") { Description = "Bytes to read from the start of the dump region (default: the whole region), e.g. 256 MiB." };
        var command = new Command("read", "Read the dump region back through port, miniport and filters into a file.")
        {
            manifest, outputFile, length, DumpCommand.Disk,
        };
        command.SetAction(parse => Run(
            parse.GetValue(manifest)!.FullName,
            parse.GetValue(outputFile)!.FullName,
            parse.GetValue(length),
            parse.GetValue(DumpCommand.Disk)?.FullName,
            parse.GetValue(CommonOptions.Plugins)!.FullName,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string manifestPath, string outputPath, string? lengthText, string? disk, string pluginDirectory, TextWriter output, TextWriter error)
    {
        long? length = null;
        if (lengthText is not null)
        {
            if (!ByteSize.TryParse(lengthText, out long bytes) || bytes <= 0)
            {
                error.WriteLine($"--length: '{lengthText}' is not a size such as 256 MiB");
                return ExitCodes.InvalidInput;
            }

            length = bytes;
        }

        if (!SessionRunner.CheckOutput(outputPath, error))
        {
            return ExitCodes.InvalidInput;
        }

        return SessionRunner.Run(manifestPath, pluginDirectory, error, () => new EmptyMemory(), disk, session =>
        {
            var region = session.Region;
            long bytes = length ?? region.Capacity;
            int block = region.BlockMap.SectorSize;
            if (bytes % block != 0 || bytes > region.Capacity)
            {
                error.WriteLine(bytes % block != 0
                    ? $"--length: {bytes} bytes is not a whole number of {block}-byte blocks"
                    : $"--length: {bytes} bytes reaches beyond the dump region ({region.Capacity} bytes)");
                return ExitCodes.InvalidInput;
            }

            int code = SessionRunner.ReadToFile(session, bytes, bytes, outputPath, "read", "Reading dump from disk", output, error, out var result);
            if (code != ExitCodes.Success)
            {
                return code;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {result!.BytesRead} bytes into {outputPath} in {result.Duration.TotalSeconds:0.000} s"));
            return ExitCodes.Success;
        });
    }
}
