using System.CommandLine;

namespace DumpFramework.Host.Cli;

/// <summary>The <c>dumpstack</c> command line.</summary>
internal static class DumpStackCli
{
    public const string ExitCodeHelp = "Exit codes: 0 success; 1 the dump, read or verification failed (or the disk is in use); 2 invalid input (manifest errors as file:line:col, bad arguments, a FIFO or device where a file is expected), nothing written; 3 a plugin could not be loaded; 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP.";

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("dumpstack: a bench for the Windows crash dump driver stack (dump port, miniport, dump filters) on emulated controllers. " + ExitCodeHelp)
        {
            CommonOptions.Plugins,
            CommonOptions.AllowUnpinned,
            PluginsCommand.Create(),
            NewCommand.Create(),
            ShowCommand.Create(),
            ValidateCommand.Create(),
            DumpCommand.Create(),
            ReadCommand.Create(),
            ExtractCommand.Create(),
            VerifyCommand.Create(),
            ConformanceCommand.Create(),
            ConformanceCommand.CreateChild(),
            NativeWorkerCommand.Create(),
        };
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        var parse = CreateRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Parse errors are invalid input, like manifest errors.
            foreach (var parseError in parse.Errors)
            {
                configuration.Error.WriteLine(parseError.Message);
            }

            return Task.FromResult(ExitCodes.InvalidInput);
        }

        return parse.InvokeAsync(configuration);
    }
}
