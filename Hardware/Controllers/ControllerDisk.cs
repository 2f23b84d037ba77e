using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Faults;

namespace DumpFramework.Hardware.Controllers;

/// <summary>A disk to put behind a controller model: where it sits on the bus, the raw device holding its sectors
/// (whose logical block size is the disk's sector size) and how the emulated disk behaves.</summary>
/// <param name="Target">The SCSI target ID, or for IDE the device (0 master, 1 slave).</param>
/// <param name="Lun">The logical unit (SCSI only; part of the disk's serial number).</param>
/// <param name="Device">The raw device.</param>
/// <param name="Attached">Whether the disk answers on the bus; <see langword="false"/> models a pulled cable.</param>
public sealed record ControllerDisk(int Target, int Lun, IBlockDevice Device, bool Attached)
{
    /// <summary>Manifest <c>physical_sector_size</c>: the physical sector the disk reports (4096 over 512-byte
    /// logical sectors: 512e); <see langword="null"/> the raw device's.</summary>
    public int? PhysicalSectorSize { get; init; }

    /// <summary>Manifest <c>unit_attention</c>: whether power-on and every reset raise UNIT ATTENTION 29/00 (SCSI).</summary>
    public bool UnitAttention { get; init; } = true;

    /// <summary>Manifest <c>faults</c>: the injected faults, in manifest order.</summary>
    public IReadOnlyList<DiskFault> Faults { get; init; } = [];
}
