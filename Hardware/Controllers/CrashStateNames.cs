using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Controllers;

/// <summary>The manifest names of <see cref="ControllerCrashState"/> (<c>hardware.crash_state</c>), declared once:
/// the loader parses through them, tests hold the JSON schema and the README to them.</summary>
public static class CrashStateNames
{
    /// <summary>The manifest key.</summary>
    public const string Key = "crash_state";

    /// <summary>Each state with its manifest name and what it models, in the order listings show them.</summary>
    public static IReadOnlyList<(string Name, ControllerCrashState State, string Meaning)> All { get; } =
    [
        ("running", ControllerCrashState.Running, "initialized by the normal-mode driver and mid-flight: its queues at addresses the dump miniport does not own, completions posted but unread, interrupts latched (the default, as at a real bugcheck)"),
        ("power_on", ControllerCrashState.PowerOn, "fresh from power-on, as if no driver had run"),
        ("faulted", ControllerCrashState.Faulted, "reporting a fault that only a reset clears"),
        ("hung", ControllerCrashState.Hung, "answering nothing until a hard reset"),
    ];

    /// <summary>The state a manifest calls <paramref name="name"/>.</summary>
    /// <param name="name">The manifest value.</param>
    /// <param name="state">The state.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string name, out ControllerCrashState state)
    {
        foreach (var entry in All)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                state = entry.State;
                return true;
            }
        }

        state = ControllerCrashState.Running;
        return false;
    }

    /// <summary>The manifest name of <paramref name="state"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The name.</returns>
    public static string NameOf(ControllerCrashState state) => All.First(e => e.State == state).Name;
}
