namespace DumpFramework.Abstractions.Scsi;

/// <summary>SCSI_ADAPTER_CONTROL_STATUS: what <see cref="IScsiMiniport.HwAdapterControl"/> returns.</summary>
public enum ScsiAdapterControlStatus
{
    /// <summary>ScsiAdapterControlSuccess: the operation was carried out.</summary>
    ScsiAdapterControlSuccess = 0,
    /// <summary>ScsiAdapterControlUnsuccessful: the operation failed or is not implemented.</summary>
    ScsiAdapterControlUnsuccessful = 1,
}
