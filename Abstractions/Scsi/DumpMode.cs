namespace DumpFramework.Abstractions.Scsi;

/// <summary>PORT_CONFIGURATION_INFORMATION.DumpMode (Storport, Windows 8+).</summary>
public enum DumpMode
{
    /// <summary>Not in a dump stack (normal operation).</summary>
    None = 0,
    /// <summary>DUMP_MODE_CRASH.</summary>
    Crash = 1,
    /// <summary>DUMP_MODE_HIBER.</summary>
    Hibernation = 2,
    /// <summary>DUMP_MODE_MARK_MEMORY.</summary>
    MarkMemory = 3,
    /// <summary>DUMP_MODE_RESUME.</summary>
    Resume = 4,
}
