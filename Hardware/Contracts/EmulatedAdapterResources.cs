using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Hardware.Contracts;

/// <summary>
/// The drivers' view of an emulated controller: identity, register windows, configuration space and a description
/// that names the device's fault. The controller's reset and fault state stay with the host.
/// </summary>
public sealed class EmulatedAdapterResources : IAdapterResources
{
    private readonly IEmulatedController _controller;
    private readonly PciConfigurationSpace _configuration;

    /// <summary>Creates the view of <paramref name="controller"/>.</summary>
    /// <param name="controller">The emulated controller.</param>
    public EmulatedAdapterResources(IEmulatedController controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        _controller = controller;
        _configuration = new PciConfigurationSpace(controller.Pci, controller.RegisterSpaces);
    }

    /// <inheritdoc/>
    public string Model => _controller.Model;

    /// <inheritdoc/>
    public PciIdentity Pci => _controller.Pci;

    /// <inheritdoc/>
    public IReadOnlyList<IRegisterSpace> RegisterSpaces => _controller.RegisterSpaces;

    /// <inheritdoc/>
    public string Description => _controller.Fault is { } fault ? $"{_controller.Model}: {fault}" : _controller.Model;

    /// <inheritdoc/>
    public int ReadConfigSpace(int offset, Span<byte> buffer) => _configuration.Read(offset, buffer);
}
