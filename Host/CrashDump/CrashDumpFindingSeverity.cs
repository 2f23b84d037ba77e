namespace DumpFramework.Host.CrashDump;

/// <summary>How bad a verifier finding is.</summary>
internal enum CrashDumpFindingSeverity
{
    /// <summary>Readers accept the file, but it differs from what Windows or the recommended writer produces.</summary>
    Warning,

    /// <summary>A strict reader (or SMSS) rejects the file, or its content is wrong.</summary>
    Error,
}
