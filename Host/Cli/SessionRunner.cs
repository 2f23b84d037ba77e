using DumpFramework.Abstractions.Port;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Cli;

/// <summary>Opens a dump session for a command and turns each kind of failure into its message and exit code.</summary>
internal static class SessionRunner
{
    public static int Run(string manifestPath, string pluginDirectory, TextWriter error, Func<IMemorySource> memory, string? disk, Func<DumpSession, int> action)
    {
        try
        {
            var manifest = StackManifestLoader.Load(manifestPath);
            using var catalog = PluginCatalog.LoadAll(pluginDirectory);
            foreach (var (folder, message) in catalog.Failures)
            {
                error.WriteLine($"warning: plugin in {folder} not loaded: {message}");
            }

            IMemorySource source;
            try
            {
                source = memory();
            }
            catch (Exception failure) when (failure is IOException or FormatException or UnauthorizedAccessException or ArgumentException)
            {
                error.WriteLine($"error: {failure.Message}");
                return ExitCodes.InvalidInput;
            }

            using var session = DumpSession.Open(manifest, catalog, source, disk);
            return action(session);
        }
        catch (ManifestException failure)
        {
            error.WriteLine(failure.Message);
            return ExitCodes.InvalidInput;
        }
        catch (PluginLoadException failure)
        {
            error.WriteLine($"error: {failure.Message}");
            return ExitCodes.PluginError;
        }
        catch (DumpFailedException failure)
        {
            error.WriteLine($"error: {failure.Message}");
            return ExitCodes.OperationFailed;
        }
        catch (IOException failure)
        {
            // The host's own files (an output that fills the disk, say): the operation failed, the host did not.
            error.WriteLine($"error: {failure.Message}");
            return ExitCodes.OperationFailed;
        }
    }

    /// <summary>Whether <paramref name="outputPath"/> can be written, told before anything is read (an output is an argument).</summary>
    public static bool CheckOutput(string outputPath, TextWriter error)
    {
        if (Directory.Exists(outputPath))
        {
            error.WriteLine($"--output: {outputPath} is a folder; give the file to write");
            return false;
        }

        if (Path.GetDirectoryName(outputPath) is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            error.WriteLine($"--output: the folder of {outputPath} does not exist");
            return false;
        }

        return true;
    }

    /// <summary>Creates the temporary output file, or says why it cannot (null).</summary>
    public static FileStream? CreateOutput(string temporaryPath, FileAccess access, TextWriter error)
    {
        try
        {
            return new FileStream(temporaryPath, FileMode.Create, access, FileShare.None, 1 << 20);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"--output: cannot write {temporaryPath}: {failure.Message}");
            return null;
        }
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes of the dump file back through the stack into <paramref name="outputPath"/>,
    /// keeping the first <paramref name="keep"/> bytes. The data goes to a <c>.partial</c> file that becomes the output only
    /// when every byte arrived: a failed read never leaves a file that looks complete.
    /// </summary>
    /// <returns>The exit code; success only when the output was written.</returns>
    public static int ReadToFile(DumpSession session, long length, long keep, string outputPath, string command, string verb, TextWriter output, TextWriter error, out DumpReadResult? result)
    {
        result = null;
        string temporary = outputPath + ".partial";
        using (var file = CreateOutput(temporary, FileAccess.ReadWrite, error))
        {
            if (file is null)
            {
                return ExitCodes.InvalidInput;
            }

            var progress = new ConsoleProgress(output, interactive: ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, verb: verb);
            result = session.Read(session.Region, length, file, progress);
            if (result.Succeeded)
            {
                file.SetLength(keep);
            }
        }

        PrintLog(session, error);
        if (!result.Succeeded)
        {
            File.Delete(temporary);
            error.WriteLine($"{command} FAILED: {result.Error}");
            return ExitCodes.OperationFailed;
        }

        File.Move(temporary, outputPath, overwrite: true);
        return ExitCodes.Success;
    }

    public static void PrintLog(DumpSession session, TextWriter error)
    {
        foreach (var entry in session.Log.Entries.Where(e => e.Level != DumpLogLevel.Information))
        {
            error.WriteLine(entry);
        }
    }
}
