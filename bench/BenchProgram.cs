using System.Globalization;

namespace DumpFramework.Bench;

/// <summary>Entry point: <c>dotnet run -c Release --project bench -- [dump|coldstart|fve|paths|all] [--size 1GiB] [--stack lsi-sas]</c>.</summary>
internal static class BenchProgram
{
    public static int Run(string[] args)
    {
        string what = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "all";
        long size = Option(args, "--size") is { } text && Host.Manifest.ByteSize.TryParse(text, out long bytes) ? bytes : 1L << 30;
        string stack = Option(args, "--stack") ?? "lsi-sas";
        string work = Path.Combine(Path.GetTempPath(), "dumpstack-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        try
        {
            if (what is "coldstart" or "all")
            {
                ColdStartBenchmark.Run(Console.Out);
            }

            if (what is "dump" or "all")
            {
                DumpThroughputBenchmark.Run(Console.Out, work, stack, size);
            }

            if (what is "paths" or "all")
            {
                DumpThroughputBenchmark.Run(Console.Out, work, "vmscsi", size);
                DumpThroughputBenchmark.Run(Console.Out, work, "atapi", size);
                DumpThroughputBenchmark.Run(Console.Out, work, "atapi", size, "pio-multiple");
                DumpThroughputBenchmark.Run(Console.Out, work, "atapi", size, "pio");
            }

            if (what is "fve" or "all")
            {
                XtsThroughputBenchmark.Run(Console.Out);
                DumpThroughputBenchmark.Run(Console.Out, work, "lsi-sas-fve", size);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
