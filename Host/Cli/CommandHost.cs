using System.CommandLine;
using System.Globalization;
using DumpFramework.Hardware.BlockDevices;
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
internal sealed class CommandHost(string pluginDirectory, TextWriter output, TextWriter error, bool ownProcess = false, bool allowUnpinned = false)
{
    public string PluginDirectory => pluginDirectory;

    /// <summary>Whether plugins the folder's lock does not pin may be loaded (<c>--allow-unpinned</c>).</summary>
    public bool AllowUnpinned => allowUnpinned;

    public TextWriter Output => output;

    public TextWriter Error => error;

    /// <summary>Whether progress can redraw one line (a terminal, not a redirected or captured output).</summary>
    public bool Interactive => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Binds the host from a parsed command line and runs <paramref name="command"/> under it.</summary>
    public static int Run(ParseResult parse, Func<CommandHost, int> command)
    {
        var configuration = parse.InvocationConfiguration;
        bool ownProcess = ReferenceEquals(configuration.Output, Console.Out) && ReferenceEquals(configuration.Error, Console.Error);
        return new CommandHost(parse.GetValue(CommonOptions.Plugins)!.FullName, configuration.Output, configuration.Error, ownProcess, parse.GetValue(CommonOptions.AllowUnpinned)).Run(command);
    }

    /// <summary>
    /// Catches SIGINT, SIGTERM and SIGHUP while a dump, read or extract runs (only when the command runs as its own
    /// process: an in-process caller keeps its handlers).
    /// </summary>
    public ProcessSignals CatchSignals() => ownProcess ? ProcessSignals.Install() : ProcessSignals.None;

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
        catch (Exception failure) when (failure is not (OutOfMemoryException or StackOverflowException))
        {
            // Never a .NET stack trace on the terminal: the message here, the trace in a file whose path is given.
            string? log = WriteTrace(failure);
            error.WriteLine($"error: unexpected {failure.GetType().Name}: {failure.Message}{(log is null ? string.Empty : $" (the full trace is in {log})")}");
            return ExitCodes.OperationFailed;
        }
    }

    /// <summary>
    /// Refuses an output that is the manifest or one of the stack's disks (checked by file identity, so another
    /// path to the same file is caught too): writing it would destroy the input being read.
    /// </summary>
    /// <exception cref="InvalidInputException">The output is one of the inputs.</exception>
    public static void CheckOutputIsNotAnInput(OutputTarget target, string manifestPath, IEnumerable<string> diskPaths)
    {
        if (target.Path is not { } path)
        {
            return;
        }

        var node = FileNode.Inspect(path);
        if (node.Kind == FileNodeKind.Missing)
        {
            return;
        }

        foreach (var (input, what) in diskPaths.Select(d => (d, "a disk of the stack")).Prepend((manifestPath, "the manifest")))
        {
            if (node.IsSameFile(FileNode.Inspect(input)))
            {
                throw new InvalidInputException($"--output: {path} is {what} ({input}); give a new file");
            }
        }
    }

    // The trace of an unexpected failure, in a new file of the temporary folder (created exclusively: never through a planted symlink).
    private static string? WriteTrace(Exception failure)
    {
        try
        {
            string path = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"dumpstack-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log"));
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(file);
            writer.WriteLine(string.Join(' ', Environment.GetCommandLineArgs()));
            writer.WriteLine(failure.ToString());
            return path;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The plugin folder's catalog, read from metadata: a stack loads only the plugins it names, each after
    /// its integrity check. Folders that cannot be used are not reported here: they fail only a stack that names them.</summary>
    public PluginCatalog LoadPlugins() => PluginCatalog.Open(pluginDirectory, allowUnpinned, error.WriteLine);

    /// <summary>Opens the memory and builds the dump's plan, as `dump` and `validate` both do before anything is created;
    /// the memory is released when the plan is refused.</summary>
    public static (IMemorySource Memory, DumpPlan Plan) OpenAndPlan(StackManifest manifest, MemoryRequest memoryRequest, DumpOptions options)
    {
        var memory = OpenMemory(memoryRequest);
        try
        {
            return (memory, DumpPlan.Create(manifest, memory, options));
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

    /// <summary>Opens the memory a command reads; memory that cannot be read is invalid input.</summary>
    public static IMemorySource OpenMemory(MemoryRequest memory)
    {
        if (memory.ImagePath is { } image && CliValues.ExistingFileError(image, "--memory: memory image") is { } notAFile)
        {
            // A pipe cannot be read by offset: refused by name rather than read without end or waited on.
            throw new InvalidInputException(notAFile);
        }

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
    /// Reads <paramref name="length"/> bytes of the dump file back through the stack into <paramref name="target"/>,
    /// keeping the first <paramref name="keep"/> bytes. A file gets the data through a new <c>.partial</c> file renamed
    /// over it only when every byte arrived and was stored: a failed, full (ENOSPC) or interrupted read removes the
    /// <c>.partial</c> file and never leaves one that looks complete. <c>-o -</c> streams to standard output.
    /// </summary>
    /// <returns>The exit code; success only when the output was written.</returns>
    public int ReadToFile(DumpSession session, long length, long keep, OutputTarget target, string command, string verb, ProcessSignals signals, out DumpReadResult? result)
    {
        result = null;
        if (target.Path is not { } outputPath)
        {
            using var standardOutput = Console.OpenStandardOutput();
            using var prefix = new PrefixStream(standardOutput, keep);
            result = session.Read(length, prefix, new ConsoleProgress(error, interactive: false, verb: verb), signals.Token);
            return Finish(session, result, command, signals);
        }

        string temporary = outputPath + ".partial";
        FileStream file;
        try
        {
            var leftover = FileNode.Inspect(temporary);
            if (leftover.Kind == FileNodeKind.Regular)
            {
                File.Delete(temporary);
            }
            else if (leftover.Kind != FileNodeKind.Missing)
            {
                error.WriteLine($"--output: {temporary} is {leftover.Description}; remove it first");
                return ExitCodes.InvalidInput;
            }

            // CreateNew (O_EXCL): never opens whatever appeared there meanwhile, a FIFO or a symlink included.
            file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"--output: cannot write {temporary}: {failure.Message}");
            return ExitCodes.InvalidInput;
        }

        bool moved = false;
        try
        {
            using (file)
            {
                result = session.Read(length, file, new ConsoleProgress(output, Interactive, verb: verb), signals.Token);
                if (result.Succeeded)
                {
                    file.SetLength(keep);
                    file.Flush(flushToDisk: true);
                }
            }

            if (result.Succeeded)
            {
                File.Move(temporary, outputPath, overwrite: true);
                moved = true;
            }
        }
        catch (IOException failure)
        {
            // The output's own disk (ENOSPC, EIO) as the last bytes or the flush went out.
            PrintLog(session);
            error.WriteLine($"{command} FAILED: {outputPath} could not be written: {failure.Message}");
            return ExitCodes.OperationFailed;
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temporary);
            }
        }

        return Finish(session, result, command, signals);
    }

    private int Finish(DumpSession session, DumpReadResult result, string command, ProcessSignals signals)
    {
        PrintLog(session);
        if (result.Interrupted)
        {
            error.WriteLine($"{command} interrupted by {signals.SignalName ?? "a signal"}: nothing was written");
            return signals.ExitCode ?? ExitCodes.OperationFailed;
        }

        if (!result.Succeeded)
        {
            error.WriteLine($"{command} FAILED: {result.Error}");
            return ExitCodes.OperationFailed;
        }

        return ExitCodes.Success;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            // Reported by the caller's failure already; a leftover .partial is never taken for the output.
        }
    }
}

/// <summary>The memory a command dumps or compares against: a raw image or LiME capture, else synthetic memory.</summary>
internal sealed record MemoryRequest(string? ImagePath, long? SyntheticSize, int Seed);
