namespace DumpFramework.Host.CrashDump;

/// <summary>Which form of the header to build: a dump is written with the incomplete header first and the final one last.</summary>
internal enum DumpHeaderState
{
    /// <summary>ValidDump keeps the 'PAGE' fill instead of 'DU64': SMSS and every reader refuse the file as a dump.</summary>
    Incomplete,

    /// <summary>ValidDump 'DU64': written only after every other byte of the dump is on disk.</summary>
    Final,
}
