using System.Diagnostics;
using System.Globalization;

namespace DumpFramework.Bench;

/// <summary>
/// Cold start: a new <c>dumpstack</c> process that discovers and loads all six plugins and assembles a stack
/// (<c>dumpstack validate stacks/lsi-sas.yaml</c>), against starting the same runtime doing nothing (<c>--version</c>).
/// </summary>
internal static class ColdStartBenchmark
{
    private const int Runs = 7;

    public static void Run(TextWriter output)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "dumpstack.dll");
        string manifest = Path.Combine(AppContext.BaseDirectory, "stacks", "lsi-sas.yaml");
        double baseline = Median(() => Time(host, "--version"));
        double full = Median(() => Time(host, "--plugins", Path.Combine(AppContext.BaseDirectory, "plugins"), "validate", manifest));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold start (median of {Runs}): dumpstack validate (start, load 6 plugins, build a stack) {full:0} ms; dumpstack --version {baseline:0} ms; plugins+stack cost {full - baseline:0} ms; target <= 400 ms: {(full <= 400 ? "met" : "MISSED")}"));
    }

    private static double Median(Func<double> measure)
    {
        measure();
        var samples = Enumerable.Range(0, Runs).Select(_ => measure()).Order().ToList();
        return samples[Runs / 2];
    }

    private static double Time(string host, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(host);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dumpstack {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }

        return clock.Elapsed.TotalMilliseconds;
    }
}
