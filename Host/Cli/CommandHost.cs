using System.CommandLine;
using DumpFramework.Abstractions.Port;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Scaffolding;

namespace DumpFramework.Host.Cli;

/// <summary>
/// Runs one command: gives it the plugin folder and the output writers, and turns each kind of failure into its
/// message and exit code (the table in <see cref="ExitCodes"/>), so that no command repeats the mapping.
/// </summary>
internal sealed class CommandHost(string pluginDirectory, TextWriter output, TextWriter error, bool allowUnpinned = false)
{
    public string PluginDirectory => pluginDirectory;

    /// <summary>Whether plugins the folder's lock does not pin may be loaded (<c>--allow-unpinned</c>).</summary>
    public bool AllowUnpinned => allowUnpinned;

    public TextWriter Output => output;

    public TextWriter Error => error;

    /// <summary>Whether progress can redraw one line (a terminal, not a redirected or captured output).</summary>
    public bool Interactive => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Binds the host from a parsed command line and runs <paramref name="command"/> under it.</summary>
    public static int Run(ParseResult parse, Func<CommandHost, int> command) =>
        new CommandHost(parse.GetValue(CommonOptions.Plugins)!.FullName, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(CommonOptions.AllowUnpinned)).Run(command);

    public int Run(Func<CommandHost, int> command)
    {
        try
        {
            return command(this);
        }
        catch (ManifestException failure)
        {
            error.WriteLine(failure.Message);
            return ExitCodes.InvalidInput;
        }
        catch (Exception failure) when (failure is InvalidInputException or ScaffoldException)
        {
            error.WriteLine($"error: {failure.Message}");
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

    /// <summary>The plugin folder's catalog, read from metadata: a stack loads only the plugins it names, each after
    /// its integrity check. Folders that cannot be used are not reported here: they fail only a stack that names them.</summary>
    public PluginCatalog LoadPlugins() => PluginCatalog.Open(pluginDirectory, allowUnpinned, error.WriteLine);

    /// <summary>Opens the memory a command reads; memory that cannot be read is invalid input.</summary>
    public static IMemorySource OpenMemory(MemoryRequest memory)
    {
        try
        {
            return MemorySources.Open(memory.ImagePath, memory.SyntheticSize, memory.Seed);
        }
        catch (Exception failure) when (failure is IOException or FormatException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidInputException(failure.Message, failure);
        }
    }

    /// <summary>Prints the stack log's warnings and errors (the DumpStack.log lines worth a look).</summary>
    public void PrintLog(DumpSession session)
    {
        foreach (var entry in session.Log.Entries.Where(e => e.Level != DumpLogLevel.Information))
        {
            error.WriteLine(entry);
        }
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes of the dump file back through the stack into <paramref name="outputPath"/>,
    /// keeping the first <paramref name="keep"/> bytes. The data goes to a <c>.partial</c> file that becomes the output only
    /// when every byte arrived: a failed read never leaves a file that looks complete.
    /// </summary>
    /// <returns>The exit code; success only when the output was written.</returns>
    public int ReadToFile(DumpSession session, long length, long keep, string outputPath, string command, string verb, out DumpReadResult? result)
    {
        result = null;
        string temporary = outputPath + ".partial";
        FileStream file;
        try
        {
            file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"--output: cannot write {temporary}: {failure.Message}");
            return ExitCodes.InvalidInput;
        }

        using (file)
        {
            result = session.Read(length, file, new ConsoleProgress(output, Interactive, verb: verb));
            if (result.Succeeded)
            {
                file.SetLength(keep);
            }
        }

        PrintLog(session);
        if (!result.Succeeded)
        {
            File.Delete(temporary);
            error.WriteLine($"{command} FAILED: {result.Error}");
            return ExitCodes.OperationFailed;
        }

        File.Move(temporary, outputPath, overwrite: true);
        return ExitCodes.Success;
    }
}

/// <summary>The memory a command dumps or compares against: a raw image or LiME capture, else synthetic memory.</summary>
internal sealed record MemoryRequest(string? ImagePath, long? SyntheticSize, int Seed);
