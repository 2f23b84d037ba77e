using DumpFramework.Host.Cli;

namespace DumpFramework.Host.Tests.Support;

/// <summary>Runs the real <c>dumpstack</c> command line in-process, through its parser, and captures its output.</summary>
internal static class CliRun
{
    /// <summary>Runs <c>dumpstack</c> with the built plugins.</summary>
    public static (int ExitCode, string Output, string Error) Invoke(params string[] args) => InvokeWith(TestPaths.Plugins, args);

    /// <summary>Runs <c>dumpstack --plugins <paramref name="plugins"/></c>.</summary>
    public static (int ExitCode, string Output, string Error) InvokeWith(string plugins, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = DumpStackCli.RunAsync(["--plugins", plugins, .. args], output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }
}
