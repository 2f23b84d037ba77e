using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>Placeholder until the miniport lands: every entry point fails naming the driver and the routine.</summary>
internal sealed class UnimplementedChannelMiniport(IAtaPortServices port, string loadName) : IAtaChannelMiniport
{
    public IAtaPortServices Port => port;

    public bool ChannelInitialize(IdeChannelConfiguration configuration) => throw new DriverOperationNotSupportedException(loadName, nameof(ChannelInitialize));

    public byte[]? Identify(byte targetId) => throw new DriverOperationNotSupportedException(loadName, nameof(Identify));

    public bool HwInitialize(IdeDeviceParameters parameters) => throw new DriverOperationNotSupportedException(loadName, nameof(HwInitialize));

    public bool BuildIo(IdeRequestBlock irb) => true;

    public bool StartIo(IdeRequestBlock irb) => throw new DriverOperationNotSupportedException(loadName, nameof(StartIo));

    public bool Interrupt() => throw new DriverOperationNotSupportedException(loadName, nameof(Interrupt));

    public bool Reset() => throw new DriverOperationNotSupportedException(loadName, nameof(Reset));

    public bool Control(IdeControlAction action) => true;
}
