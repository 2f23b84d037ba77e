namespace DumpFramework.Hardware.Pvscsi;

/// <summary>Register offsets in PVSCSI BAR0 and the interrupt status bits (hardware-models.md §3.2–§3.3).</summary>
internal static class PvscsiRegisters
{
    /// <summary>BAR0 is 8 pages of MMIO (command, interrupt, misc, kick, MSI-X table and PBA).</summary>
    public const int BarLength = 0x8000;

    /// <summary>W: starts a command.</summary>
    public const int Command = 0x0000;

    /// <summary>W: the next dword of the command's descriptor.</summary>
    public const int CommandData = 0x0004;

    /// <summary>R: the result of the last command.</summary>
    public const int CommandStatus = 0x0008;

    /// <summary>R: pending interrupt causes; W: write-1-to-clear.</summary>
    public const int InterruptStatus = 0x100C;

    /// <summary>R/W: interrupt enable mask (despite its name).</summary>
    public const int InterruptMask = 0x2010;

    /// <summary>W: process the request ring (non-READ/WRITE CDBs).</summary>
    public const int KickNonRwIo = 0x3014;

    /// <summary>W: debug register, ignored.</summary>
    public const int Debug = 0x3018;

    /// <summary>W: process the request ring (READ/WRITE CDBs).</summary>
    public const int KickRwIo = 0x4018;

    /// <summary>INTR_STATUS bit: completion ring 0 has new entries.</summary>
    public const uint InterruptCompletion0 = 0x1;

    /// <summary>INTR_STATUS bit: completion ring 1.</summary>
    public const uint InterruptCompletion1 = 0x2;

    /// <summary>INTR_STATUS bit: message ring 0.</summary>
    public const uint InterruptMessage0 = 0x4;

    /// <summary>INTR_STATUS bit: message ring 1.</summary>
    public const uint InterruptMessage1 = 0x8;

    /// <summary>Every interrupt cause the device knows.</summary>
    public const uint InterruptAllSupported = 0xF;

    /// <summary>COMMAND_STATUS: the command succeeded.</summary>
    public const uint StatusSuccess = 0;

    /// <summary>COMMAND_STATUS: the command failed or is not supported (−1).</summary>
    public const uint StatusFailed = 0xFFFF_FFFF;

    /// <summary>COMMAND_STATUS: the command's descriptor has not fully arrived yet (−2).</summary>
    public const uint StatusNotEnoughData = 0xFFFF_FFFE;
}
