using System.Diagnostics;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Conformance;

/// <summary>
/// Runs scenarios against one stack in this process, each in its own scratch folder (removed afterwards) and on its
/// own thread under a wall-clock watchdog: a dump path that waits without bound is reported as a hang, not waited on.
/// Whatever escapes a scenario (an exception from a driver the host did not contain) is a failure that says so.
/// </summary>
internal sealed class ConformanceRunner(StackUnderTest stack, string scratchRoot, int seed)
{
    /// <summary>Wall time one scenario may take before it counts as hung.</summary>
    public static readonly TimeSpan WallLimit = TimeSpan.FromMinutes(3);

    public StackUnderTest Stack => stack;

    /// <summary>The folder the scenarios' own folders are made in.</summary>
    public string ScratchRoot => scratchRoot;

    public ScenarioOutcome Run(ConformanceScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var clock = Stopwatch.StartNew();
        if (Capability.Missing(scenario.Needs, stack) is { } missing)
        {
            return new ScenarioOutcome(scenario.Name, ScenarioResult.NotApplicable, 0, missing);
        }

        string scratch = ScratchFolder.CreateUnder(scratchRoot, scenario.Name);
        (ScenarioResult Result, string Detail)? ended = null;
        var thread = new Thread(() => ended = RunInside(scenario, new ScenarioBench(stack, scenario, scratch, seed)))
        {
            IsBackground = true,
            Name = "conformance " + scenario.Name,
        };
        thread.Start();
        if (!thread.Join(WallLimit))
        {
            // The scratch folder stays: the stuck thread may still write to it.
            return new ScenarioOutcome(scenario.Name, ScenarioResult.Fail, clock.Elapsed.TotalSeconds,
                $"did not finish within {WallLimit.TotalSeconds:0} s of wall time: the dump path waits without a bound in stall time (the host hung){NativePollHint()}");
        }

        TryDelete(scratch);
        var (result, detail) = ended!.Value;
        return new ScenarioOutcome(scenario.Name, result, clock.Elapsed.TotalSeconds, detail);
    }

    // A native miniport runs in a worker here, where each HwInterrupt poll is a round trip: at the default poll interval
    // a lost request's stall-time timeout takes minutes of wall time, which looks like a hang and may be only slow.
    private string NativePollHint() =>
        stack.Manifest.Miniport.Native is not null && !stack.Manifest.Port.Settings.ContainsKey("poll_interval_microseconds")
            ? "; or it is only slow: the native miniport runs in a worker where every HwInterrupt poll is a round trip, and at the default poll interval (10 µs) 30 s of stall time take minutes; give the port poll_interval_microseconds: \"1000\" (README: Native miniports)"
            : string.Empty;

    /// <summary>Runs the scenario and classifies what happened.</summary>
    public static (ScenarioResult Result, string Detail) RunInside(ConformanceScenario scenario, ScenarioBench bench)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        try
        {
            return scenario.Run(bench) is { } problem ? (ScenarioResult.Fail, problem) : (ScenarioResult.Pass, string.Empty);
        }
        catch (ScenarioNotApplicableException reason)
        {
            return (ScenarioResult.NotApplicable, reason.Message);
        }
        catch (ManifestException refused)
        {
            // The stack's manifest model refuses the variant (a knob the controller or disk does not take).
            return (ScenarioResult.NotApplicable, $"the manifest variant is refused: {refused.Reason}");
        }
        catch (Exception failure) when (failure is PluginLoadException or InvalidInputException)
        {
            return (ScenarioResult.Fail, $"the stack could not be set up: {failure.Message}");
        }
        catch (Exception failure) when (failure is not (OutOfMemoryException or StackOverflowException))
        {
            return (ScenarioResult.Fail, $"the host crashed: unexpected {failure.GetType().Name}: {failure.Message}");
        }
    }

    /// <summary>Removes a scratch folder; a leftover is harmless (it is under the temporary folder).</summary>
    public static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Left behind; never a reason to fail the scenario.
        }
    }
}
