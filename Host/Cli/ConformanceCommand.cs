using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DumpFramework.Host.Conformance;
using DumpFramework.Host.Dump;

namespace DumpFramework.Host.Cli;

/// <summary>
/// <c>dumpstack conformance -m stack.yaml</c>: runs the scenario catalogue against the stack's drivers and prints a
/// table (scenario, result, seconds, what failed); <c>--junit</c> writes the same as JUnit XML; <c>--jobs N</c> runs
/// scenarios in N child processes (this dumpstack, hidden command <c>conformance-scenario</c>); <c>--random N</c>
/// draws fault schedules instead and counts host crashes and false valid dumps. Exit 0 only when every applicable
/// scenario passes (or, with --random, when both counts are 0); 1 otherwise; 2 for bad input.
/// </summary>
internal static class ConformanceCommand
{
    /// <summary>The hidden command a <c>--jobs</c> child runs.</summary>
    public const string ChildCommandName = "conformance-scenario";

    private static readonly Option<FileInfo> Manifest = new("--manifest", "-m") { Description = "The stack manifest whose drivers are tested (its images are never touched: every scenario works on sparse images in a scratch folder).", Required = true };

    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the synthetic memory, the power-cut point and the random fault schedules.", DefaultValueFactory = _ => 1 };

    public static Command Create()
    {
        var scenarios = new Option<string[]>("--scenario") { Description = "Run only these scenarios (repeat the option or list them); default: all. Names as the table shows them.", AllowMultipleArgumentsPerToken = true };
        var junit = new Option<FileInfo>("--junit") { Description = "Also write the results as JUnit XML to this file." };
        var jobs = Positive("--jobs", "Run this many scenarios at once, each in its own dumpstack process (default 1: one at a time in this process).", 1);
        var random = Positive("--random", "Instead of the catalogue, draw this many random fault schedules (which fault, when, how often) and count host crashes and false valid dumps (both must be 0).", null);
        var command = new Command("conformance", "Run the dump-path conformance kit against a stack: crash-time scenarios (controller takeover, hangs, unit attention, busy storms, medium errors, power cuts, 4Kn, > 2 TiB, hibernation, ...), each verified by reading the dump back through the stack and comparing every page. Exit 0 only when every applicable scenario passes.")
        {
            Manifest, scenarios, junit, jobs, random, Seed,
        };
        command.SetAction(parse => CommandHost.Run(parse, host => Run(
            new ConformanceRequest(parse.GetValue(Manifest)!.FullName, parse.GetValue(scenarios) ?? [], parse.GetValue(junit)?.FullName, parse.GetValue(jobs) ?? 1, parse.GetValue(random), parse.GetValue(Seed)),
            host)));
        return command;
    }

    /// <summary>The hidden per-scenario command of <c>--jobs</c>: runs one scenario and prints its outcome as one line.</summary>
    public static Command CreateChild()
    {
        var scenario = new Option<string>("--scenario") { Required = true };
        var command = new Command(ChildCommandName, "Runs one conformance scenario for a --jobs parent.") { Hidden = true };
        command.Add(Manifest);
        command.Add(scenario);
        command.Add(Seed);
        command.SetAction(parse => CommandHost.Run(parse, host =>
        {
            var found = Select([parse.GetValue(scenario)!]);
            var runner = OpenRunner(parse.GetValue(Manifest)!.FullName, host, parse.GetValue(Seed));
            try
            {
                host.Output.WriteLine(ChildLine.Format(runner.Run(found[0])));
            }
            finally
            {
                ConformanceRunner.TryDelete(runner.ScratchRoot);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static int Run(ConformanceRequest request, CommandHost host)
    {
        var selected = Select(request.Scenarios);
        var runner = OpenRunner(request.ManifestPath, host, request.Seed);
        try
        {
            if (request.Random is { } count)
            {
                return RunCampaign(runner, count, request.Seed, host);
            }

            var outcomes = request.Jobs > 1 ? RunInChildren(selected, request, host) : [.. selected.Select(runner.Run)];
            PrintTable(outcomes, host.Output);
            if (request.JUnitPath is { } junit)
            {
                JUnitReport.Write(junit, runner.Stack.Manifest.Name, outcomes);
                host.Output.WriteLine($"JUnit XML written to {junit}");
            }

            return outcomes.Any(o => o.Result == ScenarioResult.Fail) ? ExitCodes.OperationFailed : ExitCodes.Success;
        }
        finally
        {
            ConformanceRunner.TryDelete(runner.ScratchRoot);
        }
    }

    /// <summary>The scenarios named, in catalogue order; all when none is named.</summary>
    /// <exception cref="InvalidInputException">A name is not in the catalogue.</exception>
    public static IReadOnlyList<ConformanceScenario> Select(IReadOnlyList<string> names)
    {
        var unknown = names.Where(n => ScenarioCatalogue.Find(n) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException($"--scenario: unknown scenario '{unknown[0]}'; known: {string.Join(", ", ScenarioCatalogue.All.Select(s => s.Name))}");
        }

        return names.Count == 0 ? ScenarioCatalogue.All : [.. ScenarioCatalogue.All.Where(s => names.Contains(s.Name, StringComparer.Ordinal))];
    }

    public static void PrintTable(IReadOnlyList<ScenarioOutcome> outcomes, TextWriter output)
    {
        int width = Math.Max("scenario".Length, outcomes.Count == 0 ? 0 : outcomes.Max(o => o.Scenario.Length));
        output.WriteLine($"{"scenario".PadRight(width)}  result  seconds  detail");
        foreach (var o in outcomes)
        {
            string detail = o.Result == ScenarioResult.NotApplicable ? "not applicable: " + o.Detail : o.Detail;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{o.Scenario.PadRight(width)}  {o.ResultText,-6}  {o.Seconds,7:0.0}  {detail}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{outcomes.Count(o => o.Result == ScenarioResult.Pass)} passed, {outcomes.Count(o => o.Result == ScenarioResult.Fail)} failed, {outcomes.Count(o => o.Result == ScenarioResult.NotApplicable)} not applicable"));
    }

    private static ConformanceRunner OpenRunner(string manifestPath, CommandHost host, int seed)
    {
        var stack = StackUnderTest.Load(manifestPath, host.LoadPlugins());
        // One scratch root per process, private and unpredictable: sparse disk images live in it for one scenario each.
        return new ConformanceRunner(stack, ScratchFolder.CreateRoot(), seed);
    }

    private static int RunCampaign(ConformanceRunner runner, int count, int seed, CommandHost host)
    {
        var output = host.Output;
        var campaign = new RandomFaultCampaign(runner.Stack, runner.ScratchRoot);
        var result = campaign.Run(count, seed, done =>
        {
            if (done % 50 == 0 && done < count)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done}/{count} schedules"));
            }
        });
        foreach (string offender in result.Offenders.Take(20))
        {
            host.Error.WriteLine(offender);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"random fault schedules: {result.Drawn} drawn (seed {seed}): {result.ValidDumps} valid dumps, {result.CleanFailures} failed cleanly, {result.Refused} refused by the manifest model"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host crashes: {result.HostCrashes}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"false valid dumps: {result.FalseValidDumps}"));
        return result.HostCrashes == 0 && result.FalseValidDumps == 0 ? ExitCodes.Success : ExitCodes.OperationFailed;
    }

    // Each scenario in its own dumpstack process, at most `jobs` at a time; a child that crashes or hangs is that
    // scenario's failure (a hang is killed after the wall limit), never the run's.
    private static List<ScenarioOutcome> RunInChildren(IReadOnlyList<ConformanceScenario> scenarios, ConformanceRequest request, CommandHost host)
    {
        var outcomes = new ScenarioOutcome[scenarios.Count];
        Parallel.For(0, scenarios.Count, new ParallelOptions { MaxDegreeOfParallelism = request.Jobs }, index =>
        {
            outcomes[index] = RunChild(scenarios[index], request, host);
        });
        return [.. outcomes];
    }

    private static ScenarioOutcome RunChild(ConformanceScenario scenario, ConformanceRequest request, CommandHost host)
    {
        var clock = Stopwatch.StartNew();
        var (file, prefix) = SelfCommand();
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in prefix.Concat(["--plugins", host.PluginDirectory]).Concat(host.AllowUnpinned ? ["--allow-unpinned"] : [])
            .Concat([ChildCommandName, "-m", request.ManifestPath, "--scenario", scenario.Name, "--seed", request.Seed.ToString(CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ConformanceRunner.WallLimit + TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ScenarioOutcome(scenario.Name, ScenarioResult.Fail, clock.Elapsed.TotalSeconds, "the scenario's process did not finish in time and was killed (the host hung)");
        }

        string lines = standardOutput.GetAwaiter().GetResult();
        string errors = standardError.GetAwaiter().GetResult().Trim();
        var outcome = lines.Split('\n').Select(l => ChildLine.Parse(l.Trim(), scenario.Name)).LastOrDefault(o => o is not null);
        return outcome ?? new ScenarioOutcome(scenario.Name, ScenarioResult.Fail, clock.Elapsed.TotalSeconds,
            $"the scenario's process ended with exit code {process.ExitCode} without a result (the host crashed){(errors.Length == 0 ? string.Empty : ": " + errors)}");
    }

    // This dumpstack: the apphost beside the host's assembly, else the dotnet running it with the assembly.
    private static (string File, string[] Prefix) SelfCommand()
    {
        string apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "dumpstack.exe" : "dumpstack");
        return File.Exists(apphost)
            ? (apphost, [])
            : (Environment.ProcessPath ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "dumpstack.dll")]);
    }

    private static Option<int?> Positive(string name, string description, int? fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                result.AddError($"{name}: '{text}' is not a whole number of 1 or more");
                return null;
            }

            return value;
        },
    };

    /// <summary>The one line a child prints: <c>conformance-result RESULT SECONDS BASE64(detail)</c>.</summary>
    private static class ChildLine
    {
        private const string Tag = "conformance-result";

        public static string Format(ScenarioOutcome outcome) => string.Create(CultureInfo.InvariantCulture,
            $"{Tag} {outcome.Result} {outcome.Seconds:R} {Encode(outcome.Detail)}");

        // Base64 keeps the detail one token; "-" stands for an empty detail.
        private static string Encode(string detail) => detail.Length == 0 ? "-" : Convert.ToBase64String(Encoding.UTF8.GetBytes(detail));

        public static ScenarioOutcome? Parse(string line, string scenario)
        {
            string[] parts = line.Split(' ');
            return parts.Length == 4 && parts[0] == Tag
                && Enum.TryParse(parts[1], out ScenarioResult result)
                && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                ? new ScenarioOutcome(scenario, result, seconds, parts[3] == "-" ? string.Empty : Encoding.UTF8.GetString(Convert.FromBase64String(parts[3])))
                : null;
        }
    }
}

/// <summary>What <c>dumpstack conformance</c> was asked.</summary>
/// <param name="ManifestPath">The stack manifest.</param>
/// <param name="Scenarios">The scenarios to run (empty: all).</param>
/// <param name="JUnitPath">Where to write JUnit XML, if anywhere.</param>
/// <param name="Jobs">Scenarios at once, in child processes when more than one.</param>
/// <param name="Random">Random fault schedules to draw instead of the catalogue.</param>
/// <param name="Seed">The seed.</param>
internal sealed record ConformanceRequest(string ManifestPath, IReadOnlyList<string> Scenarios, string? JUnitPath, int Jobs, int? Random, int Seed);
