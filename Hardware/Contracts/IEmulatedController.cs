using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Contracts;

/// <summary>
/// An emulated storage controller (a PCI function): what the dump port hands the miniport as its adapter. Models
/// live in the host's hardware library; a vendor could ship one through this interface.
/// </summary>
public interface IEmulatedController
{
    /// <summary>A model name, e.g. <c>LSI SAS1068</c>.</summary>
    string Model { get; }

    /// <summary>The PCI identity.</summary>
    PciIdentity Pci { get; }

    /// <summary>The register windows, in BAR order.</summary>
    IReadOnlyList<IRegisterSpace> RegisterSpaces { get; }

    /// <summary>The level of the interrupt line (latched interrupt status). Polled drivers may ignore it.</summary>
    bool InterruptAsserted { get; }

    /// <summary>A description of the fault state when the device has faulted (e.g. <c>MPI FAULT 0x0101: invalid
    /// function</c>), otherwise <see langword="null"/>.</summary>
    string? Fault { get; }

    /// <summary>Power-on / PCI reset: the device returns to its reset state.</summary>
    void Reset();
}
