using DumpFramework.Host.Cli;

namespace DumpFramework.Host.Tests.Support;

/// <summary>Runs the real <c>dumpstack</c> command line in-process and captures its output.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = DumpStackCli.RunAsync(["--plugins", TestPaths.Plugins, .. args], output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }
}
