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

    public static void PrintLog(DumpSession session, TextWriter error)
    {
        foreach (var entry in session.Log.Entries.Where(e => e.Level != DumpLogLevel.Information))
        {
            error.WriteLine(entry);
        }
    }
}
