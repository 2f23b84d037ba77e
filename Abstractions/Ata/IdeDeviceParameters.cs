namespace DumpFramework.Abstractions.Ata;

/// <summary>IDE_DEVICE_PARAMETERS: per-device settings the port decides after IDENTIFY and passes to IdeHwInitialize.</summary>
public sealed class IdeDeviceParameters
{
    /// <summary>TargetId: 0 master, 1 slave.</summary>
    public byte TargetId { get; init; }

    /// <summary>Whether the device supports and should use 48-bit addressing.</summary>
    public bool Lba48 { get; set; }

    /// <summary>Whether data moves by bus-master DMA.</summary>
    public bool UseDma { get; set; }

    /// <summary>MaxBlockXfer: sectors per READ/WRITE MULTIPLE block (0: PIO multiple not used).</summary>
    public byte MaxBlockXfer { get; set; }

    /// <summary>The device's capacity in sectors.</summary>
    public ulong SectorCount { get; set; }

    /// <summary>Bytes per logical sector.</summary>
    public int BytesPerSector { get; set; } = 512;
}
