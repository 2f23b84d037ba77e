using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;

namespace DumpFramework.Plugins.FilterFve;

/// <summary>Placeholder until the filter lands: initialization fails naming the driver, so no dump goes out unfiltered.</summary>
internal sealed class UnimplementedFilter(string loadName) : IDumpFilter
{
    public NtStatus Initialize(FilterExtension extension, FilterInitializationData data) => throw new DriverOperationNotSupportedException(loadName, nameof(Initialize));

    public NtStatus Start(FilterExtension extension) => NtStatus.Success;

    public NtStatus Write(FilterExtension extension, DumpFilterWrite write) => throw new DriverOperationNotSupportedException(loadName, nameof(Write));

    public NtStatus Finish(FilterExtension extension) => NtStatus.Success;

    public NtStatus Unload(FilterExtension extension) => NtStatus.Success;

    public NtStatus Read(FilterExtension extension, DumpFilterRead read) => throw new DriverOperationNotSupportedException(loadName, nameof(Read));
}
