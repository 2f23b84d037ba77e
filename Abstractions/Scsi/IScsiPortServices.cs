using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// The scsiport library routines a miniport imports (ScsiPortGetDeviceBase, ScsiPortGetUncachedExtension,
/// ScsiPortGetPhysicalAddress, ScsiPortGetBusData, ScsiPortStallExecution, ScsiPortNotification). In the dump stack the host supplies the
/// dump port's implementation (<c>dump_scsiport</c>), as Windows binds the <c>dump_</c> miniport's imports.
/// </summary>
public interface IScsiPortServices
{
    /// <summary>Whether the port runs in dump mode (crash or hibernation).</summary>
    bool IsDumpMode { get; }

    /// <summary>ScsiPortGetDeviceBase: maps an access range to its register window.</summary>
    /// <param name="range">An access range from the port configuration.</param>
    /// <returns>The register window.</returns>
    /// <exception cref="ArgumentException">The range is not one of the adapter's.</exception>
    IRegisterSpace GetDeviceBase(AccessRange range);

    /// <summary>ScsiPortGetUncachedExtension: the miniport's DMA-capable uncached memory. Called once, from find-adapter.</summary>
    /// <param name="configuration">The port configuration.</param>
    /// <param name="length">Bytes wanted (at most 32 KiB in dump mode).</param>
    /// <returns>The buffer, or <see langword="null"/> when it cannot be provided.</returns>
    IDmaBuffer? GetUncachedExtension(PortConfiguration configuration, int length);

    /// <summary>ScsiPortGetPhysicalAddress for a request's data: the physical address at a byte offset of the SRB's data
    /// buffer and the contiguous length from there.</summary>
    /// <param name="srb">The request.</param>
    /// <param name="offset">Byte offset into its data.</param>
    /// <param name="length">Contiguous bytes from the returned address.</param>
    /// <returns>The physical address.</returns>
    ulong GetPhysicalAddress(ScsiRequestBlock srb, long offset, out uint length);

    /// <summary>ScsiPortGetBusData / StorPortGetBusData: copies the adapter's bus configuration data, from its start,
    /// into <paramref name="buffer"/>; in the bench, the PCI configuration space saved at boot
    /// (<see cref="Port.IAdapterResources.ReadConfigSpace"/>). Meant for HwFindAdapter, as the routines are in Windows.</summary>
    /// <param name="busDataType"><see cref="BusDataType.PCIConfiguration"/>; any other type has no data.</param>
    /// <param name="systemIoBusNumber">The configuration's SystemIoBusNumber.</param>
    /// <param name="slotNumber">The configuration's SlotNumber.</param>
    /// <param name="buffer">Where the bytes go; its length is the routine's Length.</param>
    /// <returns>Bytes copied: 0 for another bus type or a bus and slot that are not the adapter's, fewer than asked when
    /// the buffer runs past the end of configuration space.</returns>
    int GetBusData(BusDataType busDataType, uint systemIoBusNumber, uint slotNumber, Span<byte> buffer);

    /// <summary>ScsiPortStallExecution: the only delay available in dump mode.</summary>
    /// <param name="microseconds">Time to stall.</param>
    void StallExecution(uint microseconds);

    /// <summary>ScsiPortNotification.</summary>
    /// <param name="type">The notification.</param>
    /// <param name="srb">The request, for <see cref="ScsiNotificationType.RequestComplete"/>.</param>
    void Notification(ScsiNotificationType type, ScsiRequestBlock? srb = null);

    /// <summary>ScsiPortLogError: records an adapter error in the dump log.</summary>
    /// <param name="srb">The request involved, if any.</param>
    /// <param name="errorCode">SP_* error code or a miniport-defined code.</param>
    /// <param name="message">A description.</param>
    void LogError(ScsiRequestBlock? srb, uint errorCode, string message);
}
