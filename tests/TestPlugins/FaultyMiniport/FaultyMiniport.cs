using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.TestPlugins.FaultyMiniport;

/// <summary>Finds the adapter like a real miniport, then misbehaves.</summary>
internal sealed class FaultyMiniport(IStorPortServices port, bool garbage) : IScsiMiniport
{
    // The MPI request queue register of the SAS1068's system interface.
    private const int RequestQueue = 0x40;
    private IRegisterSpace? _registers;

    public HwInitializationData InitializationData { get; } = new();

    public SpReturn HwFindAdapter(PortConfiguration configuration, string argumentString, out bool again)
    {
        again = false;
        _registers = port.GetDeviceBase(configuration.AccessRanges[0]);
        configuration.MaximumTransferLength = 0x10000;
        configuration.NumberOfPhysicalBreaks = 16;
        configuration.Dma64BitAddresses = true;
        return SpReturn.Found;
    }

    // Claims success without the doorbell handshake, IOC_INIT or PORT_ENABLE.
    public bool HwInitialize() => true;

    public bool HwStartIo(ScsiRequestBlock srb)
    {
        if (!garbage)
        {
            throw new InvalidOperationException("faultymp lost its request tables");
        }

        // A request frame address posted to an IOC that is not OPERATIONAL: the IOC faults.
        _registers!.Write32(RequestQueue, 0x0DEAD000);
        return true;
    }

    public bool HwInterrupt() => false;

    public bool HwResetBus(byte pathId) => true;
}
