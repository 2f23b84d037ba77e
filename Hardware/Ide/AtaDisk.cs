using DumpFramework.Hardware.Contracts;

using DumpFramework.Hardware.Faults;

namespace DumpFramework.Hardware.Ide;

/// <summary>
/// An ATA hard disk over a raw block device: its persistent settings (multiple count, write cache, transfer mode,
/// power state), the IDENTIFY DEVICE data built from them, and sector I/O that turns device failures into ATA error
/// codes. The register protocol lives in <see cref="IdeChannel"/>.
/// </summary>
internal sealed partial class AtaDisk
{
    /// <summary>The largest sector count of a 28-bit command, and the cap of IDENTIFY words 60–61.</summary>
    public const long Lba28Limit = 0x0FFF_FFFF;

    private readonly PiixIdeOptions _options;
    private readonly IReadOnlySet<long>? _uncorrectable;
    private long _firstUncorrectable = long.MaxValue;
    private long _lastUncorrectable = long.MinValue;

    public AtaDisk(IBlockDevice device, PiixIdeOptions options, int position = 0)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        int maximumMultiple = options.MaximumMultipleSectors;
        if (maximumMultiple is < 1 or > 128 || !int.IsPow2(maximumMultiple))
        {
            throw new ArgumentException($"MaximumMultipleSectors must be a power of two from 1 to 128, not {maximumMultiple}.", nameof(options));
        }

        if (device.LogicalBlockSize < 512 || !int.IsPow2(device.LogicalBlockSize))
        {
            throw new ArgumentException($"An ATA disk needs a logical block size that is a power of two of at least 512 bytes; {device.Path} has {device.LogicalBlockSize}.", nameof(device));
        }

        Device = device;
        _options = options;
        SectorSize = device.LogicalBlockSize;
        SectorCount = device.Length / SectorSize;
        MaximumMultiple = maximumMultiple;
        PhysicalSectorSize = options.DevicePhysicalSectorSizes.TryGetValue(position, out int physical) ? physical : Math.Max(device.PhysicalBlockSize, SectorSize);
        if (PhysicalSectorSize < SectorSize || !int.IsPow2(PhysicalSectorSize))
        {
            throw new ArgumentException($"A {PhysicalSectorSize}-byte physical sector cannot hold {SectorSize}-byte logical sectors.", nameof(options));
        }

        Faults = new DiskFaultSchedule(options.DeviceFaults.TryGetValue(position, out var faults) ? faults : []);
        _uncorrectable = options.UncorrectableSectors;
        if (_uncorrectable is { Count: > 0 })
        {
            _firstUncorrectable = _uncorrectable.Min();
            _lastUncorrectable = _uncorrectable.Max();
        }

        PowerOnReset();
    }

    public IBlockDevice Device { get; }

    /// <summary>The physical sector size (IDENTIFY words 106, 117-118).</summary>
    public int PhysicalSectorSize { get; }

    /// <summary>The injected faults, counted per command the device accepts.</summary>
    public DiskFaultSchedule Faults { get; }

    /// <summary>The sector the current command fails at with UNC because an injected medium error hit it, or -1.</summary>
    public long CommandBadSector { get; set; } = -1;

    /// <summary>Bytes per logical sector (one PIO DRQ block of a non-multiple command).</summary>
    public int SectorSize { get; }

    /// <summary>User-addressable sectors.</summary>
    public long SectorCount { get; }

    /// <summary>Whether the 48-bit feature set is present.</summary>
    public bool SupportsLba48 => _options.SupportsLba48;

    /// <summary>The highest sector count SET MULTIPLE accepts (IDENTIFY word 47).</summary>
    public int MaximumMultiple { get; }

    /// <summary>Sectors per READ/WRITE MULTIPLE block; 0 while multiple mode is off.</summary>
    public int MultipleCount { get; private set; }

    public bool WriteCacheEnabled { get; set; }

    /// <summary>The value CHECK POWER MODE returns in Sector Count (0xFF active, 0x80 idle, 0x00 standby).</summary>
    public byte PowerMode { get; set; }

    /// <summary>The selected PIO mode (0–4).</summary>
    public int PioMode { get; private set; }

    /// <summary>The selected DMA mode: kind (0 none, 1 single-word, 2 multiword, 3 ultra) and number.</summary>
    public (int Kind, int Mode) DmaMode { get; private set; }

    /// <summary>Hangs still to inject for <see cref="PiixIdeOptions.HangOnCommand"/>.</summary>
    public int HangsRemaining { get; set; }

    /// <summary>Power-on defaults: multiple mode off, write cache as configured, UDMA 5 and PIO 4 selected, active.</summary>
    public void PowerOnReset()
    {
        MultipleCount = 0;
        WriteCacheEnabled = _options.WriteCacheEnabled;
        PowerMode = 0xFF;
        PioMode = 4;
        DmaMode = (3, 5);
        HangsRemaining = _options.HangOnCommand is null ? 0 : Math.Max(0, _options.HangCount);
    }

    /// <summary>SET MULTIPLE MODE: a power of two up to word 47, or 0 to turn multiple mode off (QEMU accepts 0).</summary>
    public bool TrySetMultiple(int count)
    {
        if (count > MaximumMultiple || (count & (count - 1)) != 0)
        {
            return false;
        }

        MultipleCount = count;
        return true;
    }

    /// <summary>SET FEATURES 03h: the transfer mode value from Sector Count.</summary>
    public bool TrySetTransferMode(byte value)
    {
        int mode = value & 0x07;
        switch (value >> 3)
        {
            case 0 when mode <= 1:
                // PIO default mode (with or without IORDY).
                PioMode = 0;
                return true;
            case 1 when mode <= 4:
                PioMode = mode;
                return true;
            case 2 when mode <= 2:
                DmaMode = (1, mode);
                return true;
            case 4 when mode <= 2:
                DmaMode = (2, mode);
                return true;
            case 8 when mode <= 5:
                DmaMode = (3, mode);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The first sector of [lba, lba + count) that is configured to fail with UNC, or -1.</summary>
    public long FirstUncorrectable(long lba, long count)
    {
        if (CommandBadSector >= lba && CommandBadSector < lba + count)
        {
            return CommandBadSector;
        }

        if (_uncorrectable is null || lba > _lastUncorrectable || lba + count <= _firstUncorrectable)
        {
            return -1;
        }

        long first = -1;
        foreach (long sector in _uncorrectable)
        {
            if (sector >= lba && sector < lba + count && (first < 0 || sector < first))
            {
                first = sector;
            }
        }

        return first;
    }

    /// <summary>Reads whole sectors; <see langword="false"/> when the raw device failed.</summary>
    public bool TryRead(long lba, Span<byte> destination)
    {
        try
        {
            Device.Read(lba * SectorSize, destination);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Writes whole sectors; <see langword="false"/> when the raw device failed or is read-only.</summary>
    public bool TryWrite(long lba, ReadOnlySpan<byte> source)
    {
        try
        {
            Device.Write(lba * SectorSize, source);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>FLUSH CACHE: makes completed writes durable; <see langword="false"/> when the raw device failed.</summary>
    public bool TryFlush()
    {
        try
        {
            Device.Flush();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
