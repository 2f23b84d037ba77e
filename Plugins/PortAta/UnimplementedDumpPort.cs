using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortAta;

/// <summary>Placeholder until the polled port lands: every routine fails naming the driver and the routine.</summary>
internal sealed class UnimplementedDumpPort(string loadName) : IDumpPort
{
    public DumpTargetInfo? Target => null;

    public int MaximumTransferSize => 0;

    public DumpPortStatistics Statistics { get; } = new();

    public string? LastError => null;

    public NtStatus Open() => throw new DriverOperationNotSupportedException(loadName, nameof(Open));

    public NtStatus Write(long diskByteOffset, Mdl data) => throw new DriverOperationNotSupportedException(loadName, nameof(Write));

    public NtStatus Read(long diskByteOffset, Mdl data) => throw new DriverOperationNotSupportedException(loadName, nameof(Read));

    public NtStatus Finish() => throw new DriverOperationNotSupportedException(loadName, nameof(Finish));
}
