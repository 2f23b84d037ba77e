using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.MiniportLsiSas;

/// <summary>Placeholder until the miniport lands: every entry point fails naming the driver and the routine.</summary>
internal sealed class UnimplementedMiniport(IStorPortServices port, string loadName) : IScsiMiniport
{
    public HwInitializationData InitializationData { get; } = new();

    public IStorPortServices Port => port;

    public SpReturn FindAdapter(PortConfiguration configuration, string argumentString, out bool again) => throw new DriverOperationNotSupportedException(loadName, nameof(FindAdapter));

    public bool Initialize() => throw new DriverOperationNotSupportedException(loadName, nameof(Initialize));

    public bool StartIo(ScsiRequestBlock srb) => throw new DriverOperationNotSupportedException(loadName, nameof(StartIo));

    public bool Interrupt() => throw new DriverOperationNotSupportedException(loadName, nameof(Interrupt));

    public bool ResetBus(byte pathId) => true;
}
