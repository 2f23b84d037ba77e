using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Controllers;

/// <summary>A disk to put behind a controller model: where it sits on the bus and the raw device holding its sectors.</summary>
/// <param name="Target">The SCSI target ID, or for IDE the device (0 master, 1 slave).</param>
/// <param name="Lun">The logical unit (SCSI only; part of the disk's serial number).</param>
/// <param name="Device">The raw device.</param>
/// <param name="Attached">Whether the disk answers on the bus; <see langword="false"/> models a pulled cable.</param>
public sealed record ControllerDisk(int Target, int Lun, IBlockDevice Device, bool Attached);
