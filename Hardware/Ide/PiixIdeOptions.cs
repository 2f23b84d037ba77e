using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Ide;

/// <summary>Behaviour switches and identity strings of the <see cref="PiixIdeController"/> model.</summary>
public sealed class PiixIdeOptions
{
    /// <summary>
    /// How long the devices stay busy, in microseconds of device time (<see cref="Memory.DeviceClock"/>: stalls plus
    /// about 1 µs per status poll, a read of Status, Alternate Status or BM Status). 0: every command phase, data
    /// block, DMA transfer and reset completes inside the register write that started it. Otherwise BSY (or, during
    /// DMA, BM Active with DRQ) stays visible that long. Default 200 µs: an IDE disk's command overhead.
    /// </summary>
    public int CompletionLatency { get; init; } = 200;

    /// <summary>How long BSY stays set after a software reset (SRST cleared), in microseconds of device time: a disk's
    /// reset and self-check, hundreds of milliseconds on real drives (the ATA standard allows 31 s).
    /// <see langword="null"/>: <see cref="CompletionLatency"/>.</summary>
    public int? ResetLatency { get; init; }

    /// <summary>What the normal-mode driver left the channel doing at the bugcheck (manifest <c>hardware.crash_state</c>):
    /// a READ DMA in flight with BSY and BM Active (running), idle (power-on), the last command failed with ERR
    /// (faulted), or BSY forever until a software reset (hung). Default <see cref="Contracts.ControllerCrashState.PowerOn"/>, a device as constructed; manifests default to
    /// running, as at a real bugcheck (<see cref="Controllers.ControllerEnvironment"/>).</summary>
    public Contracts.ControllerCrashState CrashState { get; init; } = Contracts.ControllerCrashState.PowerOn;

    /// <summary>The stall clock latencies run on; <see langword="null"/>: only status polls advance time.</summary>
    public IStallClock? Clock { get; init; }

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

    /// <summary>Per device (0 master, 1 slave): the injected faults (manifest <c>faults</c>; only
    /// <see cref="Faults.DiskFaultKind.MediumError"/>, which fails the read, write or verify with ERR + UNC at the first
    /// bad sector).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<Faults.DiskFault>> DeviceFaults { get; init; } = new Dictionary<int, IReadOnlyList<Faults.DiskFault>>();

    /// <summary>Per device: the physical sector size IDENTIFY reports in words 106 and 117-118 (manifest
    /// <c>physical_sector_size</c>); absent: the raw device's.</summary>
    public IReadOnlyDictionary<int, int> DevicePhysicalSectorSizes { get; init; } = new Dictionary<int, int>();

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
