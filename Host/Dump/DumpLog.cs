using System.Collections.Concurrent;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Host.Dump;

/// <summary>The stack's log (our DumpStack.log): every driver and the host record retries, resets and failures here.</summary>
internal sealed class DumpLog : IDumpLog
{
    private readonly ConcurrentQueue<DumpLogEntry> _entries = new();

    public IReadOnlyCollection<DumpLogEntry> Entries => _entries;

    public void Record(DumpLogLevel level, string source, string message) => _entries.Enqueue(new DumpLogEntry(level, source, message));
}
