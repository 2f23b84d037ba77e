using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// PORT_CONFIGURATION_INFORMATION: the adapter configuration saved at boot and handed to the miniport's find-adapter
/// routine in dump mode. The miniport fills in its limits (<see cref="MaximumTransferLength"/>,
/// <see cref="NumberOfPhysicalBreaks"/>, <see cref="AlignmentMask"/>).
/// </summary>
public sealed class PortConfiguration
{
    /// <summary>Creates a configuration.</summary>
    /// <param name="accessRanges">The adapter's register windows, in BAR order.</param>
    /// <param name="pci">The adapter's PCI identity.</param>
    public PortConfiguration(IReadOnlyList<AccessRange> accessRanges, PciIdentity pci)
    {
        AccessRanges = accessRanges;
        Pci = pci;
    }

    /// <summary>SystemIoBusNumber.</summary>
    public uint SystemIoBusNumber { get; init; }

    /// <summary>SlotNumber (PCI device/function).</summary>
    public uint SlotNumber { get; init; }

    /// <summary>The adapter's PCI identity, from the configuration space saved at boot.</summary>
    public PciIdentity Pci { get; }

    /// <summary>AccessRanges: register windows in BAR order.</summary>
    public IReadOnlyList<AccessRange> AccessRanges { get; }

    /// <summary>MaximumTransferLength in bytes (set by the miniport; <see cref="uint.MaxValue"/> = SP_UNINITIALIZED_VALUE, no limit).</summary>
    public uint MaximumTransferLength { get; set; } = uint.MaxValue;

    /// <summary>NumberOfPhysicalBreaks: most scatter/gather elements per request minus one (set by the miniport;
    /// <see cref="uint.MaxValue"/> = no limit).</summary>
    public uint NumberOfPhysicalBreaks { get; set; } = uint.MaxValue;

    /// <summary>AlignmentMask: required data buffer alignment minus one (set by the miniport).</summary>
    public uint AlignmentMask { get; set; }

    /// <summary>NumberOfBuses (set by the miniport).</summary>
    public byte NumberOfBuses { get; set; } = 1;

    /// <summary>MaximumNumberOfTargets (set by the miniport).</summary>
    public byte MaximumNumberOfTargets { get; set; } = 8;

    /// <summary>InitiatorBusId of bus 0.</summary>
    public byte InitiatorBusId { get; set; } = 7;

    /// <summary>ScatterGather: whether the adapter does scatter/gather.</summary>
    public bool ScatterGather { get; set; } = true;

    /// <summary>Master: whether the adapter is a bus master.</summary>
    public bool Master { get; set; } = true;

    /// <summary>Dma64BitAddresses: whether the adapter can address memory above 4 GiB.</summary>
    public bool Dma64BitAddresses { get; set; }

    /// <summary>DumpMode (Storport, Windows 8+).</summary>
    public DumpMode DumpMode { get; init; }

    /// <summary>RequestedDumpBufferSize: bytes of DMA memory the miniport wants for its dump-mode work (set in
    /// HwFindAdapter; 0 for none). In Windows the normal-mode instance asks at boot and storport keeps the buffer for
    /// the dump; the bench has no normal-mode instance, so the dump port honours the dump instance's request made in
    /// HwFindAdapter and provides <see cref="DumpRegion"/> before HwInitialize. The bench's port refuses more than
    /// 1 MiB.</summary>
    public uint RequestedDumpBufferSize { get; set; }

    /// <summary>DumpRegion: the buffer provided for <see cref="RequestedDumpBufferSize"/> (page aligned, below 4 GiB
    /// unless the adapter does 64-bit DMA), set by the port before HwInitialize; <see langword="null"/> when none was
    /// asked for.</summary>
    public IDmaBuffer? DumpRegion { get; set; }

    /// <summary>MiniportDumpData: what the normal-mode instance of the miniport handed over for its dump instance (it
    /// set the field at boot). Empty in the bench unless the host supplies it
    /// (<see cref="Port.DumpStackContext.MiniportDumpData"/>).</summary>
    public ReadOnlyMemory<byte> MiniportDumpData { get; init; }
}
