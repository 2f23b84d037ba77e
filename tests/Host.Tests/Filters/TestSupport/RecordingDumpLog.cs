using DumpFramework.Abstractions.Port;

namespace DumpFramework.Host.Tests.Filters.TestSupport;

/// <summary>A dump log that keeps every entry for assertions.</summary>
internal sealed class RecordingDumpLog : IDumpLog
{
    public List<(DumpLogLevel Level, string Source, string Message)> Entries { get; } = [];

    public IEnumerable<string> Messages => Entries.Select(e => e.Message);

    public void Record(DumpLogLevel level, string source, string message) => Entries.Add((level, source, message));
}
