using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Port;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.TestPlugins.RecordingFilter;

/// <summary>
/// Records each callback as a dump log entry <c>name:Callback</c> or, for writes and reads,
/// <c>name:Callback(offset,length)</c> (partition-relative offset, decimal), with the load name as the source, so a
/// host test can read the order in which the chain called its filters. It never changes the data. Compiled into
/// RecordingFilterA and RecordingFilterB, which differ only in their base name.
/// </summary>
internal sealed class RecordingFilter(string name, IDumpLog log, string source) : IDumpFilter
{
    public static void Register(IServiceCollection services, string baseName, DriverConfiguration configuration)
    {
        string loadName = configuration.LoadName;
        services.AddKeyedSingleton<IDumpFilter>(baseName, (provider, _) => new RecordingFilter(baseName, provider.GetRequiredService<IDumpLog>(), loadName));
    }

    public NtStatus Initialize(FilterExtension extension, FilterInitializationData data)
    {
        // Version 2 where the stack offers it, so that reads are recorded too.
        data.MajorVersion = data.SystemFlags.HasFlag(SystemFilterFlags.SupportRead)
            ? FilterInitializationData.MajorVersion2
            : FilterInitializationData.MajorVersion1;
        Record(nameof(Initialize));
        return NtStatus.Success;
    }

    public NtStatus Start(FilterExtension extension)
    {
        Record(nameof(Start));
        return NtStatus.Success;
    }

    public NtStatus Write(FilterExtension extension, DumpFilterWrite write)
    {
        Record(string.Create(CultureInfo.InvariantCulture, $"{nameof(Write)}({write.DiskByteOffset},{write.Length})"));
        return NtStatus.Success;
    }

    public NtStatus Finish(FilterExtension extension)
    {
        Record(nameof(Finish));
        return NtStatus.Success;
    }

    public NtStatus Unload(FilterExtension extension)
    {
        Record(nameof(Unload));
        return NtStatus.Success;
    }

    public NtStatus Read(FilterExtension extension, DumpFilterRead read)
    {
        Record(string.Create(CultureInfo.InvariantCulture, $"{nameof(Read)}({read.DiskByteOffset},{read.Data.Length})"));
        return NtStatus.Success;
    }

    private void Record(string callback) => log.Record(DumpLogLevel.Information, source, name + ":" + callback);
}
