using System.Globalization;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Bench;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench -- [dump|xts] [--size 1GiB[,4GiB]] [--small 8MiB] [--runs 5]
/// [--stacks lsi-sas,atapi] [--work DIR]</c>. <c>dump</c> (the default) times the built Release <c>dumpstack dump</c>
/// against <c>dd … conv=fsync</c>, both as whole processes on the same random raw memory image, for every stack of
/// <c>stacks/*.yaml</c>.
/// </summary>
internal static class BenchProgram
{
    public static int Run(string[] args)
    {
        try
        {
            string what = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "dump";
            var options = new DumpBenchOptions(
                Sizes: [.. (Option(args, "--size") ?? "1GiB").Split(',').Select(s => Size(s, "--size"))],
                SmallSize: Size(Option(args, "--small") ?? "8MiB", "--small"),
                Runs: int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture),
                Stacks: Option(args, "--stacks")?.Split(',', StringSplitOptions.RemoveEmptyEntries),
                Work: Path.GetFullPath(Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "dumpstack-bench")));
            switch (what)
            {
                case "dump":
                    return DumpBenchmark.Run(Console.Out, options);
                case "xts":
                    XtsThroughputBenchmark.Run(Console.Out);
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown benchmark '{what}': dump or xts");
                    return 2;
            }
        }
        catch (FormatException error)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }
    }

    private static long Size(string text, string option) =>
        ByteSize.TryParse(text.Trim(), out long bytes) && bytes >= 0 && bytes % 4096 == 0
            ? bytes
            : throw new FormatException($"{option}: '{text}' is not a size in whole 4 KiB pages (e.g. 1GiB, 8MiB, 0 for none)");

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

/// <summary>The dump benchmark's options: image sizes (the first is the main table), the small dump's size (0: none),
/// timed runs per side, the stacks (null: every stack) and the folder for the images.</summary>
internal sealed record DumpBenchOptions(IReadOnlyList<long> Sizes, long SmallSize, int Runs, IReadOnlyList<string>? Stacks, string Work);
