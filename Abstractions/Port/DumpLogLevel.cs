namespace DumpFramework.Abstractions.Port;

/// <summary>Severity of a dump log entry.</summary>
public enum DumpLogLevel
{
    /// <summary>Detail for diagnosis.</summary>
    Information = 0,
    /// <summary>Something was retried, skipped or changed.</summary>
    Warning = 1,
    /// <summary>An operation failed.</summary>
    Error = 2,
}
