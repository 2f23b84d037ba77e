using System.Diagnostics;
using System.Globalization;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Bench;

/// <summary>
/// The dump path against the plain write: the same synthetic memory written (a) with a sequential FileStream to a
/// fresh sparse image and (b) as a complete crash dump through filters → port → miniport → controller → disk to another fresh sparse image of
/// the same size, in the same run. Prints both, the ratio and the peak working set at two dump sizes.
/// </summary>
internal static class DumpThroughputBenchmark
{
    private const int ChunkSize = 1 << 20;

    public static void Run(TextWriter output, string work, string stackName, long size, string? transferMode = null)
    {
        CopyKeys(work);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synthetic memory generation (the source both sides read): {GenerationRate() / 1e9:0.0} GB/s"));
        foreach (long bytes in transferMode is "pio" or "pio-multiple" ? [size / 16] : new[] { size / 4, size })
        {
            // Alternate the two so that neither always runs on a warmer page cache; medians of three.
            var plains = new List<double>();
            var stacks = new List<double>();
            DumpWriteResult result = null!;
            for (int round = 0; round < 3; round++)
            {
                plains.Add(PlainWrite(work, bytes));
                (double seconds, result) = StackDump(work, stackName, bytes, transferMode);
                stacks.Add(seconds);
            }

            double best = plains.Order().ElementAt(1);
            double stack = stacks.Order().ElementAt(1);
            long peak = Process.GetCurrentProcess().PeakWorkingSet64;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dump {ByteSize.Format(bytes)} via {stackName}{(transferMode is null ? string.Empty : " (" + transferMode + ")")}: stack {stack:0.000} s ({bytes / 1e6 / stack:0} MB/s, {result.PortStatistics.RequestsStarted} requests), plain FileStream {best:0.000} s ({bytes / 1e6 / best:0} MB/s); ratio {stack / best:0.00}x; peak working set {peak / (1 << 20)} MiB"));
        }
    }

    private static double GenerationRate()
    {
        using var memory = new SyntheticMemory(1L << 30, seed: 2);
        var run = memory.Ranges[1];
        var chunk = new byte[64 * 1024];
        const long Bytes = 256L << 20;
        var clock = Stopwatch.StartNew();
        for (long done = 0; done < Bytes; done += chunk.Length)
        {
            memory.TryRead(run.BaseAddress + (ulong)done, chunk);
        }

        return Bytes / clock.Elapsed.TotalSeconds;
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

    private static double PlainWrite(string work, long bytes)
    {
        string path = Path.Combine(work, "plain.img");
        File.Delete(path);
        using var memory = new SyntheticMemory(bytes, seed: 7);
        var buffer = new byte[ChunkSize];
        var clock = Stopwatch.StartNew();
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            file.SetLength(bytes + (2L << 20));
            file.Position = 1L << 20;
            foreach (var run in memory.Ranges)
            {
                for (ulong done = 0; done < run.Length;)
                {
                    int chunk = (int)Math.Min((ulong)ChunkSize, run.Length - done);
                    memory.TryRead(run.BaseAddress + done, buffer.AsSpan(0, chunk));
                    file.Write(buffer, 0, chunk);
                    done += (ulong)chunk;
                }
            }

            file.Flush(flushToDisk: true);
        }

        clock.Stop();
        File.Delete(path);
        return clock.Elapsed.TotalSeconds;
    }

    private static (double Seconds, DumpWriteResult Result) StackDump(string work, string stackName, long bytes, string? transferMode)
    {
        string disk = Path.Combine(work, "stack.img");
        File.Delete(disk);
        string manifestPath = Path.Combine(work, "bench.yaml");
        string template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "stacks", stackName + ".yaml"));
        string manifestText = Rewrite(template, bytes);
        if (transferMode is not null)
        {
            manifestText = manifestText.Replace("transfer_mode: dma", "transfer_mode: " + transferMode, StringComparison.Ordinal);
        }

        File.WriteAllText(manifestPath, manifestText);
        var manifest = StackManifestLoader.Load(manifestPath);
        var catalog = PluginCatalog.Open(Path.Combine(AppContext.BaseDirectory, "plugins"));
        var memory = new SyntheticMemory(bytes, seed: 7);
        // What `dumpstack dump` writes by default: a complete memory dump (header, runs, pages).
        var plan = DumpPlan.Create(manifest, memory, new DumpOptions { Format = DumpFormat.Full, Disk = disk });
        using var session = DumpSession.Open(manifest, plan.Target, catalog, memory);
        var clock = Stopwatch.StartNew();
        var result = session.Dump(plan, new SilentProgress());
        clock.Stop();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("the benchmark dump failed: " + result.Error);
        }

        File.Delete(disk);
        return (clock.Elapsed.TotalSeconds, result);
    }

    // Sizes the sample stack's disk and region to the benchmark's memory (plus room for the dump header); keeps
    // everything else as shipped.
    private static string Rewrite(string manifest, long bytes)
    {
        var lines = manifest.Split('\n').Select(line => line.TrimStart() switch
        {
            var l when l.StartsWith("size:", StringComparison.Ordinal) => line[..line.IndexOf("size:", StringComparison.Ordinal)] + "size: " + (bytes + (4L << 20)).ToString(CultureInfo.InvariantCulture),
            var l when l.StartsWith("length:", StringComparison.Ordinal) => line[..line.IndexOf("length:", StringComparison.Ordinal)] + "length: " + (bytes + (2L << 20)).ToString(CultureInfo.InvariantCulture),
            _ => line,
        });
        return string.Join('\n', lines);
    }

    private sealed class SilentProgress : IProgressSink
    {
        public void Message(string text)
        {
        }

        public void Progress(long done, long total)
        {
        }

        public void Complete()
        {
        }
    }
}
