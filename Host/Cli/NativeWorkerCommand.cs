using System.CommandLine;
using System.Runtime.InteropServices;

namespace DumpFramework.Host.Cli;

/// <summary>
/// <c>dumpstack native-worker</c> (hidden): the process a native miniport runs in. Serves the host's calls on stdin and
/// stdout through the shim (native/libdumpfw_shim.so beside the host), which loads the miniport library; a crash in the
/// miniport ends only this process, reported on stderr. Started by the host, never by hand.
/// </summary>
internal static class NativeWorkerCommand
{
    public const string Name = "native-worker";

    /// <summary>The shim's file, beside the host's assembly.</summary>
    public static string ShimPath => Path.Combine(AppContext.BaseDirectory, "native", "libdumpfw_shim.so");

    public static Command Create()
    {
        var command = new Command(Name, "Runs a native miniport for a dumpstack host (internal).") { Hidden = true };
        command.SetAction(_ => Run());
        return command;
    }

    private static unsafe int Run()
    {
        if (!File.Exists(ShimPath))
        {
            Console.Error.WriteLine($"DUMPFW-CRASH: the native shim {ShimPath} is missing (build the solution: Native/ is built by CMake)");
            return ExitCodes.PluginError;
        }

        var shim = NativeLibrary.Load(ShimPath);
        var main = (delegate* unmanaged<int, int, int>)NativeLibrary.GetExport(shim, "dumpfw_worker_main");
        return main(0, 1);
    }
}
