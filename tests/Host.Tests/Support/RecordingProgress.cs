using DumpFramework.Host.Dump;

namespace DumpFramework.Host.Tests.Support;

/// <summary>Keeps the bugcheck messages and the last progress figure.</summary>
internal sealed class RecordingProgress : IProgressSink
{
    public List<string> Messages { get; } = [];

    public long Done { get; private set; }

    public long Total { get; private set; }

    public void Message(string text) => Messages.Add(text);

    public void Progress(long done, long total)
    {
        Done = done;
        Total = total;
    }

    public void Complete()
    {
    }
}
