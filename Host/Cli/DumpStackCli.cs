using System.CommandLine;

namespace DumpFramework.Host.Cli;

/// <summary>The <c>dumpstack</c> command line.</summary>
internal static class DumpStackCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("dumpstack: a bench for the Windows crash dump driver stack (dump port, miniport, dump filters) on emulated controllers.");
        return await root.Parse(args).InvokeAsync();
    }
}
