using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Abstractions.Port;

/// <summary>
/// The adapter as the dump stack's drivers see it: what the port configuration saved at boot describes (PCI identity,
/// register windows) and its PCI configuration space as ScsiPortGetBusData / StorPortGetBusData return it. Resetting
/// or faulting the device is not a driver's business: a miniport resets an adapter through its registers, as on the
/// hardware.
/// </summary>
public interface IAdapterResources
{
    /// <summary>A model name, e.g. <c>LSI SAS1068</c>.</summary>
    string Model { get; }

    /// <summary>The PCI identity (vendor, device, subsystem, class code, revision).</summary>
    PciIdentity Pci { get; }

    /// <summary>The register windows, in BAR order (the access ranges of the port configuration).</summary>
    IReadOnlyList<IRegisterSpace> RegisterSpaces { get; }

    /// <summary>The adapter described for a failure message: the model, and the device's fault state when it has
    /// faulted (for example <c>LSI SAS1068: MPI FAULT 0x0101</c>).</summary>
    string Description { get; }

    /// <summary>ScsiPortGetBusData / StorPortGetBusData with PCIConfiguration: copies bytes of the function's
    /// 256-byte PCI configuration space (type 0 header).</summary>
    /// <param name="offset">Byte offset in configuration space.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The number of bytes copied: 0 when <paramref name="offset"/> is outside configuration space, fewer than
    /// asked when the range runs past its end (the routines' convention).</returns>
    int ReadConfigSpace(int offset, Span<byte> buffer);
}
