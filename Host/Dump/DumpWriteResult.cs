using DumpFramework.Abstractions.Port;

namespace DumpFramework.Host.Dump;

/// <summary>What a dump achieved. <see cref="Succeeded"/> is true only when every byte and the final flush succeeded.</summary>
internal sealed record DumpWriteResult(bool Succeeded, string? Error, long BytesWritten, long Writes, TimeSpan Duration, DumpPortStatistics PortStatistics)
{
    public double MegabytesPerSecond => Duration.TotalSeconds <= 0 ? 0 : BytesWritten / 1e6 / Duration.TotalSeconds;
}
