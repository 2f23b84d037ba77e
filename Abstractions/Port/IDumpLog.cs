namespace DumpFramework.Abstractions.Port;

/// <summary>The dump stack's own log (our DumpStack.log): every driver records retries, resets and failures here and
/// the host reports them.</summary>
public interface IDumpLog
{
    /// <summary>Records an entry.</summary>
    /// <param name="level">Severity.</param>
    /// <param name="source">The driver's load name (e.g. <c>dump_storport</c>) or a device model name.</param>
    /// <param name="message">What happened.</param>
    void Record(DumpLogLevel level, string source, string message);
}
