using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Host.Tests.Filters.TestSupport;

/// <summary>A real dump port seen through a vendor port that reports a MaximumTransferSize below one block.</summary>
internal sealed class NarrowPort(IDumpPort inner, int maximumTransferSize) : IDumpPort
{
    public DumpTargetInfo? Target => inner.Target;

    public int MaximumTransferSize => maximumTransferSize;

    public DumpPortStatistics Statistics => inner.Statistics;

    public string? LastError => inner.LastError;

    public NtStatus Open() => inner.Open();

    public NtStatus Write(long diskByteOffset, Mdl data) => inner.Write(diskByteOffset, data);

    public NtStatus Read(long diskByteOffset, Mdl data) => inner.Read(diskByteOffset, data);

    public NtStatus Flush() => inner.Flush();

    public NtStatus Finish() => inner.Finish();
}
