using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Tests.Manifest;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Fuzz;

/// <summary>
/// The manifest fuzz regression suite: every run derives a few hundred mutants of the sample manifests (and of the
/// manifest-error corpus) from a fresh seed and runs <c>validate</c> and <c>dump</c> on each through the real command
/// line. Whatever the mutant, the host must answer like a tool, not crash: no .NET stack trace, a documented exit
/// code, every refusal of invalid input at its <c>file:line:col</c>, and <c>validate</c> refusing exactly what
/// <c>dump</c> refuses. A failure prints the seed; <c>DUMPSTACK_FUZZ_SEED=n</c> replays the run,
/// <c>DUMPSTACK_FUZZ_MUTANT=i</c> only its mutant i, <c>DUMPSTACK_FUZZ_MUTANTS=n</c> runs more.
/// </summary>
[TestClass]
public sealed partial class ManifestFuzzTests
{
    /// <summary>Overrides the run's seed (decimal), to replay a failure.</summary>
    public const string SeedVariable = "DUMPSTACK_FUZZ_SEED";

    /// <summary>Runs only the mutant of this index.</summary>
    public const string MutantVariable = "DUMPSTACK_FUZZ_MUTANT";

    /// <summary>How many mutants to run (default <see cref="DefaultMutants"/>).</summary>
    public const string CountVariable = "DUMPSTACK_FUZZ_MUTANTS";

    private const int DefaultMutants = 500;

    // Small memory keeps each dump to a few milliseconds; every sample region holds it.
    private const string Memory = "1 MiB";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Every_mutant_is_answered_with_a_documented_exit_code_at_its_position_and_alike_by_validate_and_dump()
    {
        int runSeed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : RandomNumberGenerator.GetInt32(int.MaxValue);
        int count = Environment.GetEnvironmentVariable(CountVariable) is { Length: > 0 } fixedCount
            ? int.Parse(fixedCount, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : DefaultMutants;
        IEnumerable<int> indexes = Environment.GetEnvironmentVariable(MutantVariable) is { Length: > 0 } only
            ? [int.Parse(only, NumberStyles.Integer, CultureInfo.InvariantCulture)]
            : Enumerable.Range(0, count);
        string replay = $"{SeedVariable}={runSeed}";
        TestContext.WriteLine($"manifest fuzz seed: {runSeed} (replay with {replay})");
        Console.WriteLine($"manifest fuzz seed: {runSeed} (replay with {replay})");

        var (seeds, valid) = SeedManifests();
        var mutator = new ManifestMutator(seeds, valid);
        string root = Path.Combine(Path.GetTempPath(), "dumpstack-fuzz", $"{runSeed}-{Environment.ProcessId}");
        var failures = new List<string>();
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int run = 0;
        var slowest = new List<(TimeSpan Time, string Mutant)>();
        foreach (int index in indexes)
        {
            var mutant = mutator.Create(runSeed, index);
            string folder = Path.Combine(root, "m" + index.ToString(CultureInfo.InvariantCulture));
            string manifest = Prepare(folder, mutant.Text);
            long started = Stopwatch.GetTimestamp();
            var problems = Check(folder, manifest, out string outcome);
            slowest.Add((Stopwatch.GetElapsedTime(started), $"mutant {index} ({string.Join(", ", mutant.Operations)}, {outcome})"));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            run++;
            if (problems.Count == 0)
            {
                Directory.Delete(folder, recursive: true);
                continue;
            }

            // The folder stays, with the mutant in it, for a look; the report says how to make it again.
            failures.Add($"mutant {index} (seed manifest {mutant.Seed}; {string.Join(", ", mutant.Operations)}; replay: {replay} {MutantVariable}={index}), in {manifest}:\n  "
                + string.Join("\n  ", problems));
        }

        TestContext.WriteLine($"{run} mutants; validate/dump exit codes: {string.Join(", ", outcomes.Select(o => $"{o.Key} x{o.Value}"))}");
        TestContext.WriteLine("slowest: " + string.Join("; ", slowest.OrderByDescending(s => s.Time).Take(5).Select(s => $"{s.Mutant} {s.Time.TotalMilliseconds:0} ms")));
        if (failures.Count == 0)
        {
            Directory.Delete(root, recursive: true);
        }

        Assert.IsEmpty(failures, $"seed {runSeed}: {failures.Count} of {run} mutants were mishandled:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>The sample stacks and the error corpus' manifests, each disk image renamed into the mutant's folder.</summary>
    private static (List<string> Seeds, int Valid) SeedManifests()
    {
        var seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "stacks"), "*.yaml").Order(StringComparer.Ordinal)
            .Select(File.ReadAllText).ToList();
        Assert.IsGreaterThanOrEqualTo(4, seeds.Count, "the sample stacks were not copied beside the tests");
        string valid = ManifestErrorTests.Valid.Replace("\r\n", "\n", StringComparison.Ordinal);
        seeds.Add(valid);
        int validCount = seeds.Count;
        seeds.AddRange(typeof(ManifestErrorTests).GetMethod(nameof(ManifestErrorTests.Each_mistake_is_reported_at_its_line_and_column))!
            .GetCustomAttributes<DataRowAttribute>()
            .Select(row => valid.Replace((string)row.Data[0]!, (string)row.Data[1]!, StringComparison.Ordinal)));
        return ([.. seeds.Select(text => ImagePaths().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "image: disk.img"))], validCount);
    }

    private static string Prepare(string folder, string text)
    {
        Directory.CreateDirectory(folder);
        string keys = Path.Combine(folder, "keys");
        Directory.CreateDirectory(keys);
        foreach (string key in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "stacks", "keys")))
        {
            File.Copy(key, Path.Combine(keys, Path.GetFileName(key)));
        }

        string manifest = Path.Combine(folder, "stack.yaml");
        File.WriteAllText(manifest, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return manifest;
    }

    /// <summary>Runs validate and dump on one mutant; what went wrong, if anything.</summary>
    private static List<string> Check(string folder, string manifest, out string outcome)
    {
        var problems = new List<string>();
        var validate = CliRun.Invoke("validate", manifest, "--synthetic-memory", Memory);
        CheckAnswer("validate", validate, manifest, [ExitCodes.Success, ExitCodes.InvalidInput, ExitCodes.PluginError], problems);

        // The mutator only ever writes relative names, but a dump must not write outside the mutant's folder whatever
        // the YAML made of them; the host loads the manifest the same way, so what it refuses is safe to run.
        if (ImageOutside(folder, manifest) is { } outside)
        {
            problems.Add($"the mutant's disk image resolves outside its folder ({outside}); dump not run");
            outcome = $"{validate.ExitCode}/-";
            return problems;
        }

        var dump = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", Memory);
        outcome = $"{validate.ExitCode}/{dump.ExitCode}";
        CheckAnswer("dump", dump, manifest, [ExitCodes.Success, ExitCodes.OperationFailed, ExitCodes.InvalidInput, ExitCodes.PluginError], problems);
        if (validate.ExitCode == ExitCodes.Success)
        {
            // What validate accepts, dump may still fail while writing (a fault the manifest injects), but not refuse.
            if (dump.ExitCode is not (ExitCodes.Success or ExitCodes.OperationFailed))
            {
                problems.Add($"validate accepted it, dump exited {dump.ExitCode}: {FirstError(dump.Error)}");
            }
        }
        else if (dump.ExitCode != validate.ExitCode || FirstError(dump.Error) != FirstError(validate.Error))
        {
            problems.Add($"validate and dump disagree: validate {validate.ExitCode} '{FirstError(validate.Error)}', dump {dump.ExitCode} '{FirstError(dump.Error)}'");
        }

        return problems;
    }

    private static void CheckAnswer(string command, (int ExitCode, string Output, string Error) answer, string manifest, int[] documented, List<string> problems)
    {
        string all = answer.Output + answer.Error;
        if (all.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase) || StackFrame().IsMatch(all))
        {
            problems.Add($"{command} printed a stack trace (exit {answer.ExitCode}):\n    " + string.Join("\n    ", all.Split('\n').Take(6)));
            return;
        }

        if (!documented.Contains(answer.ExitCode))
        {
            problems.Add($"{command} exited {answer.ExitCode}: {FirstError(answer.Error)}");
        }

        // Invalid input in a manifest is reported where it is written.
        if (answer.ExitCode == ExitCodes.InvalidInput && !Positional(manifest).IsMatch(FirstError(answer.Error)))
        {
            problems.Add($"{command} refused it without file:line:col: '{FirstError(answer.Error)}'");
        }

        if (answer.ExitCode != ExitCodes.Success && FirstError(answer.Error).Length == 0)
        {
            problems.Add($"{command} exited {answer.ExitCode} without a word");
        }
    }

    private static string? ImageOutside(string folder, string manifest)
    {
        StackManifest parsed;
        try
        {
            parsed = StackManifestLoader.Load(manifest);
        }
        catch (Exception)
        {
            // Refused (or, a bug validate's answer reports, crashed): dump loads it the same way and stops there too.
            return null;
        }

        return parsed.Disks.Select(d => d.ImagePath).FirstOrDefault(path =>
            Path.GetRelativePath(folder, path) is var relative && (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)));
    }

    /// <summary>The first line of the error output that is not a warning.</summary>
    private static string FirstError(string error) =>
        error.Split('\n').Select(line => line.TrimEnd('\r')).FirstOrDefault(line => line.Length > 0 && !line.StartsWith("warning:", StringComparison.Ordinal)) ?? string.Empty;

    private static Regex Positional(string manifest) => new("^" + Regex.Escape(manifest) + @":[0-9]+:[0-9]+: \S", RegexOptions.CultureInvariant);

    // A .NET frame: "   at Namespace.Type.Method(Args)" (with or without " in file:line n").
    [GeneratedRegex(@"^\s+at [\w.`<>$|+\[\],]+\(.*\)", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"image:[ \t]*[^\s,}\]#]+")]
    private static partial Regex ImagePaths();
}
