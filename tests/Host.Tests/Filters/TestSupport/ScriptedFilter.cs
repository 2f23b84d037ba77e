using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Filters;

namespace DumpFramework.Host.Tests.Filters.TestSupport;

/// <summary>
/// A filter written inside the test, for rules the built plugins never break: it lowers MaxPagesPerWrite to
/// <see cref="MaxPages"/> when set, fails its initialization as a critical filter when <see cref="FailCritically"/>
/// is set, runs <see cref="OnWrite"/> in DumpWrite, and records the length of every write and each DumpUnload.
/// </summary>
internal sealed class ScriptedFilter : IDumpFilter
{
    public int? MaxPages { get; init; }

    public Action<DumpFilterWrite>? OnWrite { get; init; }

    public bool FailCritically { get; init; }

    public List<long> WriteLengths { get; } = [];

    public int Unloads { get; private set; }

    public NtStatus Initialize(FilterExtension extension, FilterInitializationData data)
    {
        if (MaxPages is { } pages)
        {
            data.MaxPagesPerWrite = pages;
        }

        if (FailCritically)
        {
            data.Flags |= FilterFlags.Critical;
            return NtStatus.Unsuccessful;
        }

        return NtStatus.Success;
    }

    public NtStatus Start(FilterExtension extension) => NtStatus.Success;

    public NtStatus Write(FilterExtension extension, DumpFilterWrite write)
    {
        WriteLengths.Add(write.Length);
        OnWrite?.Invoke(write);
        return NtStatus.Success;
    }

    public NtStatus Finish(FilterExtension extension) => NtStatus.Success;

    public NtStatus Unload(FilterExtension extension)
    {
        Unloads++;
        return NtStatus.Success;
    }

    public NtStatus Read(FilterExtension extension, DumpFilterRead read) => NtStatus.Success;
}
