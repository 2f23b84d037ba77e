using System.Security.Cryptography;
using McMaster.NETCore.Plugins.Loader;
using YamlDotNet.RepresentationModel;

namespace DumpFramework.Host.Cli;

/// <summary>
/// One-time initialisation a dump's start-up pays on its critical path, run first on a pool thread (the second core)
/// while the main thread builds the command line: YamlDotNet's statics (its tag directives compile a regex, ~16 ms,
/// before the manifest's first line is parsed), OpenSSL's SHA-256 (loaded before the first plugin pin is checked), and
/// the plugin loader's runtimeconfig reader (reflection-based JSON, ~25 ms before the first plugin loads). Only for
/// <c>dump</c>, whose whole run is measured; each is work the dump does anyway, so a warm-up that loses the race
/// costs nothing and one that fails changes nothing (the real call fails again, where it is reported).
/// </summary>
internal static class StartupWarmUp
{
    /// <summary>Starts the warm-up when the command line names <c>dump</c>.</summary>
    /// <param name="args">The process's arguments.</param>
    public static void Begin(string[] args)
    {
        if (Array.IndexOf(args, "dump") >= 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Run(), null);
        }
    }

    private static void Run()
    {
        try
        {
            new YamlStream().Load(new StringReader("warm: up\n"));
            SHA256.HashData(ReadOnlySpan<byte>.Empty);
            string hostConfig = Path.Combine(AppContext.BaseDirectory, "dumpstack.runtimeconfig.json");
            new AssemblyLoadContextBuilder().TryAddAdditionalProbingPathFromRuntimeConfig(hostConfig, includeDevConfig: false, out _);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Nothing to report: the same work runs again where it is needed, and fails there with its real message.
        }
    }
}
