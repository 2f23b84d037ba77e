using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Filters;

namespace DumpFramework.TestPlugins.FailingInitFilter;

/// <summary>Fails DriverEntry with STATUS_UNSUCCESSFUL, after setting DUMP_FILTER_CRITICAL when configured to.</summary>
internal sealed class FailingInitFilter(bool critical) : IDumpFilter
{
    public NtStatus Initialize(FilterExtension extension, FilterInitializationData data)
    {
        if (critical)
        {
            data.Flags |= FilterFlags.Critical;
        }

        return NtStatus.Unsuccessful;
    }

    public NtStatus Start(FilterExtension extension) => NtStatus.Success;

    public NtStatus Write(FilterExtension extension, DumpFilterWrite write) => NtStatus.Success;

    public NtStatus Finish(FilterExtension extension) => NtStatus.Success;

    public NtStatus Unload(FilterExtension extension) => NtStatus.Success;

    public NtStatus Read(FilterExtension extension, DumpFilterRead read) => NtStatus.Success;
}
