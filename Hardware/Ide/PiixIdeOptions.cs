namespace DumpFramework.Hardware.Ide;

/// <summary>Behaviour switches and identity strings of the <see cref="PiixIdeController"/> model.</summary>
public sealed class PiixIdeOptions
{
    /// <summary>
    /// How long the devices stay busy, counted in host polls (reads of Status, Alternate Status or BM Status). 0: every
    /// command phase, data block, DMA transfer and reset completes inside the register write that started it. N: BSY
    /// (or, during DMA, BM Active with DRQ) stays visible for N such reads, so polling loops are exercised. Default 1.
    /// </summary>
    public int CompletionLatency { get; init; } = 1;

    /// <summary>IDENTIFY words 27–46 (40 characters at most).</summary>
    public string Model { get; init; } = "DumpFramework ATA DISK";

    /// <summary>IDENTIFY words 10–19 (20 characters at most).</summary>
    public string SerialNumber { get; init; } = "DF0000000001";

    /// <summary>IDENTIFY words 23–26 (8 characters at most).</summary>
    public string FirmwareRevision { get; init; } = "1.0";

    /// <summary>Sectors per READ/WRITE MULTIPLE block the device supports (IDENTIFY word 47): a power of two, 1–128.
    /// Default 16, as QEMU.</summary>
    public int MaximumMultipleSectors { get; init; } = 16;

    /// <summary>Whether the device supports the 48-bit feature set (EXT commands; IDENTIFY word 83 bit 10). Without it,
    /// EXT commands abort and only the first 2^28 sectors are addressable.</summary>
    public bool SupportsLba48 { get; init; } = true;

    /// <summary>Whether the volatile write cache is enabled at power-on (IDENTIFY word 85 bit 5).</summary>
    public bool WriteCacheEnabled { get; init; } = true;

    /// <summary>Sectors that fail with UNC (uncorrectable data) when a read, write or verify touches them.</summary>
    public IReadOnlySet<long>? UncorrectableSectors { get; init; }

    /// <summary>An opcode after which the device hangs with BSY set (until a software reset), for
    /// <see cref="HangCount"/> times; <see langword="null"/> for none.</summary>
    public byte? HangOnCommand { get; init; }

    /// <summary>How many times <see cref="HangOnCommand"/> hangs before the command works. Default 1.</summary>
    public int HangCount { get; init; } = 1;

    /// <summary>An opcode that ends in a device fault (Status DF | ERR); <see langword="null"/> for none.</summary>
    public byte? DeviceFaultOnCommand { get; init; }
}
