using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>
/// Counts the commands and resets the controller delivers to a real target and passes every call on unchanged, so
/// tests can assert that a request never reached the disk or that a reset went through the SAS domain.
/// </summary>
internal sealed class CountingScsiTarget(IScsiTarget inner) : IScsiTarget
{
    public IScsiTarget Inner => inner;

    public int CommandCount { get; private set; }

    public int ResetCount { get; private set; }

    public string Description => inner.Description;

    public ScsiDataDirection GetDataDirection(ReadOnlySpan<byte> cdb) => inner.GetDataDirection(cdb);

    public long GetTransferLength(ReadOnlySpan<byte> cdb) => inner.GetTransferLength(cdb);

    public ScsiCommandResult Execute(byte lun, ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        CommandCount++;
        return inner.Execute(lun, cdb, data);
    }

    public void Reset()
    {
        ResetCount++;
        inner.Reset();
    }
}
