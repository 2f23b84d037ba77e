namespace DumpFramework.Host.Dump;

/// <summary>What a read-back achieved.</summary>
internal sealed record DumpReadResult(bool Succeeded, string? Error, long BytesRead, TimeSpan Duration);
