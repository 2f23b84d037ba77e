namespace DumpFramework.Host.Dump;

/// <summary>Receives the bugcheck screen's messages and the dump's progress.</summary>
internal interface IProgressSink
{
    /// <summary>A message such as "Initializing disk for crash dump ...".</summary>
    void Message(string text);

    /// <summary>Bytes done out of the total.</summary>
    void Progress(long done, long total);

    /// <summary>The progress line is over (success or not).</summary>
    void Complete();
}
