namespace DumpFramework.Abstractions.Ata;

/// <summary>IDE_TASK_FILE: the current registers and, for 48-bit commands, the previous (high-order, HOB) ones.</summary>
public sealed class IdeTaskFile
{
    /// <summary>Current: low-order bytes and the command.</summary>
    public IdeRegisters Current { get; } = new();

    /// <summary>Previous: the high-order bytes written first for 48-bit commands.</summary>
    public IdeRegisters Previous { get; } = new();
}
