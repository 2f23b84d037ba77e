namespace DumpFramework.Host.CrashDump;

/// <summary>One verifier finding.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Check">Which check.</param>
/// <param name="Message">What is wrong, with the offending values.</param>
internal sealed record CrashDumpFinding(CrashDumpFindingSeverity Severity, CrashDumpCheck Check, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Severity} {Check}: {Message}";
}
