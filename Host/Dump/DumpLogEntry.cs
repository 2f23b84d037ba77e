using DumpFramework.Abstractions.Port;

namespace DumpFramework.Host.Dump;

/// <summary>One entry of the dump log.</summary>
internal sealed record DumpLogEntry(DumpLogLevel Level, string Source, string Message)
{
    public override string ToString() => $"{Level.ToString().ToLowerInvariant()}: {Source}: {Message}";
}
