using System.Globalization;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Bench;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench -- [dump|xts|conformance-random] [--size 1GiB[,4GiB]] [--small 8MiB] [--runs 5]
/// [--stacks lsi-sas,atapi] [--work DIR]</c>. <c>dump</c> (the default) times the built Release <c>dumpstack dump</c>
/// against <c>dd … conv=fsync</c>, both as whole processes on the same random raw memory image, for every stack of
/// <c>stacks/*.yaml</c>. <c>conformance-random [--random 1000] [--seed 1] [--minutes M]</c> runs the kit's random
/// fault campaign on every stack (see <see cref="ConformanceRandomBenchmark"/>).
/// </summary>
internal static class BenchProgram
{
    private const string Usage =
        "usage: bench [dump|xts|conformance-random] [--size 1GiB[,3840MiB]] [--small 8MiB|0] [--runs 5] [--stacks a,b] [--work DIR]\n" +
        "             conformance-random also takes [--random 1000] [--seed 1] [--minutes M]; see bench/README.md";

    private static readonly string[] ValueOptions = ["--size", "--small", "--runs", "--stacks", "--work", "--random", "--seed", "--minutes"];

    public static int Run(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        try
        {
            string what = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "dump";
            CheckOptions(args, what == args.FirstOrDefault() ? 1 : 0);
            var options = new DumpBenchOptions(
                Sizes: [.. (Option(args, "--size") ?? "1GiB").Split(',').Select(s => Size(s, "--size")).Select(s => s > 0 ? s : throw new FormatException("--size: every size must be above 0"))],
                SmallSize: Size(Option(args, "--small") ?? "8MiB", "--small"),
                Runs: Count(Option(args, "--runs") ?? "5", "--runs"),
                Stacks: Option(args, "--stacks")?.Split(',', StringSplitOptions.RemoveEmptyEntries),
                Work: Path.GetFullPath(Option(args, "--work") ?? Path.Combine(Path.GetTempPath(), "dumpstack-bench")));
            switch (what)
            {
                case "dump":
                    return DumpBenchmark.Run(Console.Out, options);
                case "xts":
                    XtsThroughputBenchmark.Run(Console.Out);
                    return 0;
                case "conformance-random":
                    return ConformanceRandomBenchmark.Run(
                        Console.Out,
                        Count(Option(args, "--random") ?? "1000", "--random"),
                        Count(Option(args, "--seed") ?? "1", "--seed", minimum: 0),
                        options.Stacks,
                        Option(args, "--minutes") is { } minutes ? Minutes(minutes) : null);
                default:
                    Console.Error.WriteLine($"unknown benchmark '{what}': dump, xts or conformance-random\n{Usage}");
                    return 2;
            }
        }
        catch (FormatException error)
        {
            Console.Error.WriteLine($"{error.Message}\n{Usage}");
            return 2;
        }
        catch (InvalidOperationException error)
        {
            // A run that failed (its output is in the message): no figure is printed for it.
            Console.Error.WriteLine("bench: " + error.Message);
            return 1;
        }
    }

    // Every argument after the benchmark's name is a known option followed by its value: a typo must not start a
    // minutes-long run with the defaults.
    private static void CheckOptions(string[] args, int first)
    {
        for (int i = first; i < args.Length; i += 2)
        {
            if (!ValueOptions.Contains(args[i]))
            {
                throw new FormatException($"unknown argument '{args[i]}'");
            }

            if (i + 1 >= args.Length)
            {
                throw new FormatException($"{args[i]}: a value is missing");
            }
        }
    }

    private static int Count(string text, string option, int minimum = 1) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= minimum
            ? value
            : throw new FormatException($"{option}: '{text}' is not a whole number of at least {minimum}");

    private static double Minutes(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value > 0
            ? value
            : throw new FormatException($"--minutes: '{text}' is not a number of minutes above 0");

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
