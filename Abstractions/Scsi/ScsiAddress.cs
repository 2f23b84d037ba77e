namespace DumpFramework.Abstractions.Scsi;

/// <summary>SCSI_ADDRESS: where the dump disk sits, saved at boot and used unchanged in dump mode.</summary>
/// <param name="PortNumber">Adapter (port) number.</param>
/// <param name="PathId">Bus number on the adapter.</param>
/// <param name="TargetId">Target ID on the bus.</param>
/// <param name="Lun">Logical unit number.</param>
public readonly record struct ScsiAddress(byte PortNumber, byte PathId, byte TargetId, byte Lun);
