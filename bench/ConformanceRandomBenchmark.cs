using System.Diagnostics;
using System.Globalization;
using DumpFramework.Host.Conformance;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Bench;

/// <summary>
/// <c>conformance-random</c>: <c>dumpstack conformance --random N --seed S</c> on every stack of <c>stacks/*.yaml</c>,
/// in this process on the plugins built beside the bench, printing per stack the schedules drawn, how they ended, the
/// host crashes and the false valid dumps (both must be 0) and the rate. Too long for the unit tests (a schedule is a
/// whole dump of 4 MiB plus its read-back). With <c>--minutes M</c> a stack stops drawing after M minutes and the table
/// says how many of the N ran.
/// </summary>
internal static class ConformanceRandomBenchmark
{
    public static int Run(TextWriter output, int draws, int seed, IReadOnlyList<string>? only, double? minutesPerStack)
    {
        string stacksFolder = Path.Combine(AppContext.BaseDirectory, "stacks");
        var manifests = Directory.GetFiles(stacksFolder, "*.yaml").Order(StringComparer.Ordinal)
            .Where(path => only is null || only.Contains(Path.GetFileNameWithoutExtension(path), StringComparer.Ordinal))
            .ToList();
        if (manifests.Count == 0)
        {
            Console.Error.WriteLine($"--stacks: none of {string.Join(", ", only ?? [])} is in stacks/");
            return 2;
        }

        var catalog = PluginCatalog.Open(Path.Combine(AppContext.BaseDirectory, "plugins"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"random fault schedules, seed {seed}, {draws} per stack{(minutesPerStack is { } m ? $" (at most {m:0.#} min each)" : string.Empty)}"));
        output.WriteLine("| stack | drawn | valid | failed cleanly | refused | host crashes | false valid dumps | seconds | per draw |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        bool clean = true;
        foreach (string manifest in manifests)
        {
            var stack = StackUnderTest.Load(manifest, catalog);
            string scratch = ScratchFolder.CreateRoot();
            try
            {
                var clock = Stopwatch.StartNew();
                DateTime? deadline = minutesPerStack is { } minutes ? DateTime.UtcNow.AddMinutes(minutes) : null;
                var result = new RandomFaultCampaign(stack, scratch).Run(draws, seed, deadline: deadline);
                double seconds = clock.Elapsed.TotalSeconds;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Path.GetFileNameWithoutExtension(manifest)} | {result.Drawn}{(result.Drawn < draws ? $" of {draws}" : string.Empty)} | {result.ValidDumps} | {result.CleanFailures} | {result.Refused} | {result.HostCrashes} | {result.FalseValidDumps} | {seconds:0} | {(result.Drawn == 0 ? 0 : seconds / result.Drawn):0.00} s |"));
                foreach (string offender in result.Offenders.Take(10))
                {
                    Console.Error.WriteLine($"  {Path.GetFileNameWithoutExtension(manifest)}: {offender}");
                }

                clean &= result.HostCrashes == 0 && result.FalseValidDumps == 0;
            }
            finally
            {
                ConformanceRunner.TryDelete(scratch);
            }
        }

        return clean ? 0 : 1;
    }
}
