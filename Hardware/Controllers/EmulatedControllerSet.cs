using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Controllers;

/// <summary>What a controller model builds: the controller and, for SCSI models, the disk targets behind it.</summary>
/// <param name="Controller">The controller the dump port hands to the miniport.</param>
/// <param name="ScsiTargets">The SCSI disk targets, in target order; empty for IDE.</param>
public sealed record EmulatedControllerSet(IEmulatedController Controller, IReadOnlyList<IScsiTarget> ScsiTargets);
