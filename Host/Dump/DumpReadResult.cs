namespace DumpFramework.Host.Dump;

/// <summary>What a read-back achieved.</summary>
internal sealed record DumpReadResult(bool Succeeded, string? Error, long BytesRead, TimeSpan Duration)
{
    /// <summary>Whether the read stopped because the process was asked to (a signal), after the read in flight.</summary>
    public bool Interrupted { get; init; }
}
