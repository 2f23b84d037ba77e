using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Filters;

namespace DumpFramework.TestPlugins.FailingWriteFilter;

/// <summary>Lets the first <c>failAt − 1</c> writes through unchanged and fails every later one.</summary>
internal sealed class FailingWriteFilter(int failAt) : IDumpFilter
{
    private int _writes;

    public NtStatus Initialize(FilterExtension extension, FilterInitializationData data) => NtStatus.Success;

    public NtStatus Start(FilterExtension extension) => NtStatus.Success;

    public NtStatus Write(FilterExtension extension, DumpFilterWrite write) =>
        ++_writes >= failAt ? NtStatus.IoDeviceError : NtStatus.Success;

    public NtStatus Finish(FilterExtension extension) => NtStatus.Success;

    public NtStatus Unload(FilterExtension extension) => NtStatus.Success;

    public NtStatus Read(FilterExtension extension, DumpFilterRead read) => NtStatus.Success;
}
