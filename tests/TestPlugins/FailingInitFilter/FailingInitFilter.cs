using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.TestPlugins.FailingInitFilter;

/// <summary>
/// Fails DriverEntry with STATUS_UNSUCCESSFUL, after setting DUMP_FILTER_CRITICAL when configured to, and says why in
/// the dump log first (as a real filter does), so the host can be held to showing that reason.
/// </summary>
internal sealed class FailingInitFilter(bool critical, IDumpLog? log) : IDumpFilter
{
    /// <summary>The reason the filter logs before failing.</summary>
    public const string Reason = "the test filter refuses to start";

    public NtStatus Initialize(FilterExtension extension, FilterInitializationData data)
    {
        if (critical)
        {
            data.Flags |= FilterFlags.Critical;
        }

        log?.Record(DumpLogLevel.Error, "dump_failinit", Reason);

        return NtStatus.Unsuccessful;
    }

    public NtStatus Start(FilterExtension extension) => NtStatus.Success;

    public NtStatus Write(FilterExtension extension, DumpFilterWrite write) => NtStatus.Success;

    public NtStatus Finish(FilterExtension extension) => NtStatus.Success;

    public NtStatus Unload(FilterExtension extension) => NtStatus.Success;

    public NtStatus Read(FilterExtension extension, DumpFilterRead read) => NtStatus.Success;
}
