using System.Globalization;
using System.Text.RegularExpressions;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Bench;

/// <summary>
/// Whole processes against <c>dd</c>: for every stack, the built Release <c>dumpstack dump</c> and
/// <c>dd if=IMAGE of=OUT bs=1M seek=1 conv=fsync</c> run alternately on the same random raw memory image (made once,
/// reused), each writing a fresh file at offset 1 MiB, with a <c>sync</c> before each timed run so that no writeback
/// of the previous run is left to either. Prints medians, the ratio of the medians, each side's spread (min–max) and
/// the dump's peak RSS (the child's ru_maxrss), against the issue's goals.
/// </summary>
internal static partial class DumpBenchmark
{
    private const double SmallDumpGoalSeconds = 0.3;
    private const long PeakRssGoalBytes = 128L << 20;

    public static int Run(TextWriter output, DumpBenchOptions options)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "dumpstack");
        var stacks = BenchStack.All(Path.Combine(AppContext.BaseDirectory, "stacks"))
            .Where(s => options.Stacks is null || options.Stacks.Contains(s.Name, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (stacks.Count == 0)
        {
            Console.Error.WriteLine($"--stacks: none of {string.Join(", ", options.Stacks ?? [])} is in stacks/");
            return 2;
        }

        Directory.CreateDirectory(options.Work);
        CopyKeys(options.Work);
        output.WriteLine(Machine(options.Work));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"medians of {options.Runs} alternating runs per side, `sync` before each, whole processes; dd: dd if=IMAGE of=OUT bs=1M seek=1 conv=fsync"));
        var missed = new List<string>();
        var perGiB = new Dictionary<string, List<(long Size, double Seconds)>>();
        foreach (long size in options.Sizes)
        {
            string image = MemoryImage(options.Work, size, output);
            output.WriteLine();
            output.WriteLine($"| {ByteSize.Format(size)} dump | dumpstack (min–max) | dd (min–max) | ratio | goal | peak RSS | SRBs | CPU user+sys |");
            output.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var stack in stacks)
            {
                var pair = Measure(host, stack, image, size, options);
                bool ratioMet = pair.Ratio <= stack.Goal;
                bool rssMet = pair.PeakRss <= PeakRssGoalBytes;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {stack.Name} ({stack.Path}) | {pair.Stack.Median:0.000} s ({pair.Stack.Min:0.000}–{pair.Stack.Max:0.000}) | {pair.Dd.Median:0.000} s ({pair.Dd.Min:0.000}–{pair.Dd.Max:0.000}) | {pair.Ratio:0.00}× | ≤ {stack.Goal:0.00}× {(ratioMet ? "met" : "MISSED")} | {pair.PeakRss >> 20} MiB {(rssMet ? "met" : "MISSED")} | {pair.Srbs} | {pair.CpuSeconds:0.00} s |"));
                Record(missed, ratioMet, $"{stack.Name} {ByteSize.Format(size)}: {pair.Ratio:0.00}× > {stack.Goal:0.00}×");
                Record(missed, rssMet, $"{stack.Name} {ByteSize.Format(size)}: peak RSS {pair.PeakRss >> 20} MiB > 128 MiB");
                if (!perGiB.TryGetValue(stack.Name, out var points))
                {
                    perGiB[stack.Name] = points = [];
                }

                points.Add((size, pair.Stack.Median));
            }
        }

        if (options.SmallSize > 0)
        {
            string image = MemoryImage(options.Work, options.SmallSize, output);
            output.WriteLine();
            output.WriteLine($"| {ByteSize.Format(options.SmallSize)} dump | dumpstack (min–max) | dd (min–max) | goal | peak RSS |");
            output.WriteLine("|---|---|---|---|---|");
            foreach (var stack in stacks)
            {
                var pair = Measure(host, stack, image, options.SmallSize, options);
                bool met = pair.Stack.Median <= SmallDumpGoalSeconds;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {stack.Name} | {pair.Stack.Median:0.000} s ({pair.Stack.Min:0.000}–{pair.Stack.Max:0.000}) | {pair.Dd.Median:0.000} s ({pair.Dd.Min:0.000}–{pair.Dd.Max:0.000}) | ≤ {SmallDumpGoalSeconds} s {(met ? "met" : "MISSED")} | {pair.PeakRss >> 20} MiB |"));
                Record(missed, met, $"{stack.Name} {ByteSize.Format(options.SmallSize)}: {pair.Stack.Median:0.000} s > {SmallDumpGoalSeconds} s");
            }
        }

        if (options.Sizes.Count > 1)
        {
            // Linear in size: seconds per GiB at each size against the first size's.
            output.WriteLine();
            output.WriteLine("| linearity | " + string.Join(" | ", options.Sizes.Select(s => $"s/GiB at {ByteSize.Format(s)}")) + " | largest vs first |");
            output.WriteLine("|---|" + string.Concat(options.Sizes.Select(_ => "---|")) + "---|");
            foreach (var (name, points) in perGiB)
            {
                var rates = points.Select(p => p.Seconds / (p.Size / (double)(1L << 30))).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", rates.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))} | {rates[^1] / rates[0]:0.00}× |"));
            }
        }

        output.WriteLine();
        output.WriteLine(missed.Count == 0 ? "every goal met" : "goals MISSED: " + string.Join("; ", missed));
        return 0;
    }

    private static void Record(List<string> missed, bool met, string what)
    {
        if (!met)
        {
            missed.Add(what);
        }
    }

    private static Pair Measure(string host, BenchStack stack, string image, long size, DumpBenchOptions options)
    {
        var (manifest, disks) = stack.Write(options.Work, size);
        string ddOut = Path.Combine(options.Work, "dd.img");
        string log = Path.Combine(options.Work, stack.Name + ".log");
        string ddLog = Path.Combine(options.Work, "dd.log");
        string[] dump = [host, "dump", "-m", manifest, "--memory", image];
        string[] dd = ["dd", "if=" + image, "of=" + ddOut, "bs=1M", "seek=1", "conv=fsync", "status=none"];
        var stackRuns = new List<ChildCost>();
        var ddRuns = new List<ChildCost>();

        // One untimed run of each first: the image in the page cache, the disk's allocation warm, both commands working.
        Time(dump, disks, log);
        Time(dd, [ddOut], ddLog);
        for (int round = 0; round < options.Runs; round++)
        {
            // Alternate which goes first, so neither always follows the other's writeback.
            if (round % 2 == 0)
            {
                ddRuns.Add(Time(dd, [ddOut], ddLog));
                stackRuns.Add(Time(dump, disks, log));
            }
            else
            {
                stackRuns.Add(Time(dump, disks, log));
                ddRuns.Add(Time(dd, [ddOut], ddLog));
            }
        }

        int srbs = SrbCount().Match(File.ReadAllText(log)) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        foreach (string file in disks.Append(ddOut))
        {
            File.Delete(file);
        }

        var stackSide = Side.Of(stackRuns);
        var ddSide = Side.Of(ddRuns);
        return new Pair(stackSide, ddSide, stackSide.Median / ddSide.Median, stackRuns.Max(r => r.PeakRssBytes), srbs, Median([.. stackRuns.Select(r => r.UserSeconds + r.SystemSeconds)]));
    }

    // A fresh output (deleted, then `sync` so no writeback is pending), then the timed process.
    private static ChildCost Time(string[] command, IReadOnlyList<string> outputs, string log)
    {
        foreach (string file in outputs)
        {
            File.Delete(file);
        }

        ChildProcess.Run(["sync"], "/dev/null");
        var cost = ChildProcess.Run(command, log);
        if (cost.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {cost.ExitCode}: {File.ReadAllText(log)}");
        }

        return cost;
    }

    /// <summary>The random raw memory image of <paramref name="size"/> bytes in <paramref name="work"/>, made once and
    /// reused by later runs (same size, same seed, same bytes).</summary>
    private static string MemoryImage(string work, long size, TextWriter output)
    {
        string path = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"memory-{size}.raw"));
        if (File.Exists(path) && new FileInfo(path).Length == size)
        {
            return path;
        }

        output.WriteLine($"making the random memory image {path} ({ByteSize.Format(size)})");
        string partial = path + ".partial";
        var random = new Random(17);
        var chunk = new byte[1 << 20];
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            for (long done = 0; done < size; done += chunk.Length)
            {
                random.NextBytes(chunk);
                file.Write(chunk, 0, (int)Math.Min(chunk.Length, size - done));
            }
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    private static void CopyKeys(string work)
    {
        string keys = Path.Combine(AppContext.BaseDirectory, "stacks", "keys");
        Directory.CreateDirectory(Path.Combine(work, "keys"));
        foreach (string key in Directory.GetFiles(keys))
        {
            File.Copy(key, Path.Combine(work, "keys", Path.GetFileName(key)), overwrite: true);
        }
    }

    private static string Machine(string work)
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        string kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "unknown kernel";
        long memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores ({cpu}), {memory >> 30} GiB, Linux {kernel}, .NET {Environment.Version}; images in {work}");
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }

    [GeneratedRegex(@"(\d+) SRBs")]
    private static partial Regex SrbCount();

    private sealed record Side(double Median, double Min, double Max)
    {
        public static Side Of(List<ChildCost> runs)
        {
            double[] seconds = [.. runs.Select(r => r.Seconds)];
            return new Side(DumpBenchmark.Median(seconds), seconds.Min(), seconds.Max());
        }
    }

    private sealed record Pair(Side Stack, Side Dd, double Ratio, long PeakRss, int Srbs, double CpuSeconds);
}
