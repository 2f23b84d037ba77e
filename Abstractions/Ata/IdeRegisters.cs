namespace DumpFramework.Abstractions.Ata;

/// <summary>IDEREGISTERS: one 8-byte ATA task file image.</summary>
public sealed class IdeRegisters
{
    /// <summary>bFeaturesReg.</summary>
    public byte Features { get; set; }

    /// <summary>bSectorCountReg.</summary>
    public byte SectorCount { get; set; }

    /// <summary>bSectorNumberReg (LBA 7:0, or 31:24 in Previous).</summary>
    public byte SectorNumber { get; set; }

    /// <summary>bCylLowReg (LBA 15:8, or 39:32 in Previous).</summary>
    public byte CylinderLow { get; set; }

    /// <summary>bCylHighReg (LBA 23:16, or 47:40 in Previous).</summary>
    public byte CylinderHigh { get; set; }

    /// <summary>bDriveHeadReg: 0xA0 for target 0, 0xB0 for target 1, plus 0x40 for LBA.</summary>
    public byte DriveHead { get; set; }

    /// <summary>bCommandReg: the ATA opcode.</summary>
    public byte Command { get; set; }

    /// <summary>bReserved.</summary>
    public byte Reserved { get; set; }

    /// <summary>Clears every register.</summary>
    public void Clear()
    {
        Features = SectorCount = SectorNumber = CylinderLow = CylinderHigh = DriveHead = Command = Reserved = 0;
    }
}
