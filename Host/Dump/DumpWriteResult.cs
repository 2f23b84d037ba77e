using DumpFramework.Abstractions.Port;

namespace DumpFramework.Host.Dump;

/// <summary>What a dump achieved. <see cref="Succeeded"/> is true only when every byte and the final flush succeeded.</summary>
internal sealed record DumpWriteResult(bool Succeeded, string? Error, long BytesWritten, long Writes, TimeSpan Duration, DumpPortStatistics PortStatistics)
{
    /// <summary>Whether the dump stopped because the process was asked to (a signal), after the write in flight.</summary>
    public bool Interrupted { get; init; }

    /// <summary>How far the dump got, in whole percent of its bytes.</summary>
    public int PercentDone { get; init; }

    public double MegabytesPerSecond => Duration.TotalSeconds <= 0 ? 0 : BytesWritten / 1e6 / Duration.TotalSeconds;
}
