namespace DumpFramework.Host.Conformance;

/// <summary>How a scenario ended.</summary>
internal enum ScenarioResult
{
    /// <summary>The stack did what Windows needs.</summary>
    Pass,

    /// <summary>The stack did not; the detail says what, in the layer's words.</summary>
    Fail,

    /// <summary>The stack has no knob for the scenario (or its drivers do not use the feature); the detail says why.</summary>
    NotApplicable,
}

/// <summary>One scenario's outcome: result, wall time and what failed (or why it does not apply).</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Result">Pass, fail or not applicable.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Detail">Empty on a pass; otherwise what failed or why the scenario does not apply.</param>
internal sealed record ScenarioOutcome(string Scenario, ScenarioResult Result, double Seconds, string Detail)
{
    /// <summary>The result as the table shows it.</summary>
    public string ResultText => Result switch
    {
        ScenarioResult.Pass => "pass",
        ScenarioResult.Fail => "FAIL",
        _ => "n/a",
    };
}

/// <summary>Thrown by a scenario that finds, while running, that the stack's drivers do not use what it tests.</summary>
/// <param name="reason">Why the scenario does not apply.</param>
internal sealed class ScenarioNotApplicableException(string reason) : Exception(reason);
