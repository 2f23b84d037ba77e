using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Host.Orchestration;

/// <summary>The emulated hardware under a stack: the controller and the raw devices its disks sit on.</summary>
internal sealed class BenchHardware(IEmulatedController controller, IReadOnlyList<IBlockDevice> devices, IReadOnlyList<IScsiTarget> targets) : IDisposable
{
    public IEmulatedController Controller => controller;

    public IReadOnlyList<IBlockDevice> Devices => devices;

    public IReadOnlyList<IScsiTarget> Targets => targets;

    public void Dispose()
    {
        foreach (var device in devices)
        {
            device.Dispose();
        }
    }
}
