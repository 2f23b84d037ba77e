using System.Diagnostics;
using System.Globalization;

namespace DumpFramework.Host.Cli;

/// <summary>
/// The start-up trace for performance work: with <c>DUMPSTACK_TRACE_STARTUP=1</c> each <see cref="Mark"/> prints
/// milliseconds since the process started and the phase just finished to stderr (bench/README.md's breakdown is
/// measured with it). Off by default, and then a mark costs one field read.
/// </summary>
internal static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("DUMPSTACK_TRACE_STARTUP") == "1";
    private static readonly DateTime Started = Enabled ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;

    /// <summary>Whether <c>DUMPSTACK_TRACE_STARTUP=1</c> is set (a caller builds a costly mark only then).</summary>
    public static bool IsEnabled => Enabled;

    /// <summary>Prints the phase that just ended, when tracing is on.</summary>
    public static void Mark(string phase)
    {
        if (Enabled)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[startup {(DateTime.UtcNow - Started).TotalMilliseconds,7:0.0} ms] {phase}"));
        }
    }
}
