namespace DumpFramework.Hardware.Faults;

/// <summary>The manifest names of <see cref="DiskFaultKind"/>, declared once: the loader parses through them, tests
/// hold the JSON schema and the README to them.</summary>
public static class DiskFaultNames
{
    /// <summary>Each kind with its manifest name, in the order listings show them.</summary>
    public static IReadOnlyList<(string Name, DiskFaultKind Kind)> All { get; } =
    [
        ("busy", DiskFaultKind.Busy),
        ("queue_full", DiskFaultKind.QueueFull),
        ("not_ready", DiskFaultKind.NotReady),
        ("recovered_error", DiskFaultKind.RecoveredError),
        ("medium_error", DiskFaultKind.MediumError),
    ];

    /// <summary>The kind a manifest calls <paramref name="name"/>.</summary>
    /// <param name="name">The manifest value.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string name, out DiskFaultKind kind)
    {
        foreach (var entry in All)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                kind = entry.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The manifest name of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name.</returns>
    public static string NameOf(DiskFaultKind kind) => All.First(e => e.Kind == kind).Name;
}
