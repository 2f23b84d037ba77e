using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Plugins.PortCommon;
using Microsoft.Extensions.DependencyInjection;

// The eight keys both dump ports take (one retry, busy and polling policy, and the caps a tighter platform puts on
// what the miniport is granted: none by default, and an uncached extension 16 bytes past a page, x64's pool
// alignment, because Windows promises no more in dump mode); the defaults are diskdump's, patient with a
// busy target and five retries as Linux diskdump. DiskDumpPort.Defaults reads them from here.
[assembly: DumpDriver(DriverKind.Port, "diskdump", "1.0", Exports = [PortInterface.ScsiPort, PortInterface.StorPort], Description = "Polled SCSI/Storport dump port (diskdump.sys)")]
[assembly: DumpDriverSetting(PortSettings.PollIntervalKey, PortSettings.PollIntervalDescription, Values = PortSettings.PollIntervalValues, Default = "10")]
[assembly: DumpDriverSetting(PortSettings.RetryLimitKey, PortSettings.RetryLimitDescription, Values = PortSettings.CountValues, Default = "5")]
[assembly: DumpDriverSetting(PortSettings.BusyResubmitLimitKey, PortSettings.BusyResubmitLimitDescription, Values = PortSettings.CountValues, Default = "1000")]
[assembly: DumpDriverSetting(PortSettings.BusyDelayKey, PortSettings.BusyDelayDescription, Values = PortSettings.DelayValues, Default = "1000")]
[assembly: DumpDriverSetting(PortSettings.NotReadyDelayKey, PortSettings.NotReadyDelayDescription, Values = PortSettings.DelayValues, Default = "500000")]
[assembly: DumpDriverSetting(PortSettings.MaximumTransferLengthKey, PortSettings.MaximumTransferLengthDescription, Values = PortSettings.CapValues, Default = "0")]
[assembly: DumpDriverSetting(PortSettings.NumberOfPhysicalBreaksKey, PortSettings.NumberOfPhysicalBreaksDescription, Values = PortSettings.CapValues, Default = "0")]
[assembly: DumpDriverSetting(PortSettings.UncachedExtensionAlignmentKey, PortSettings.UncachedExtensionAlignmentDescription, Values = PortSettings.AlignmentValues, Default = "16")]

namespace DumpFramework.Plugins.PortScsi;

/// <summary>DriverEntry of <c>diskdump.sys</c>: the SCSI/Storport dump port, bound as <c>dump_scsiport</c> or <c>dump_storport</c>.</summary>
/// <remarks>
/// Needs from the host, per stack: <see cref="DumpStackContext"/>, <see cref="IDmaAllocator"/> and <see cref="IDumpLog"/>,
/// plus an <see cref="IScsiMiniport"/> registered by the miniport plugin. Registers <see cref="IDumpPortBinding"/>, one
/// services object as both <see cref="IScsiPortServices"/> and <see cref="IStorPortServices"/> (what the miniport's
/// constructor receives), and <see cref="IDumpPort"/>.
/// </remarks>
public sealed class PortScsiPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = PortSettings.FromConfiguration(configuration, DiskDumpPort.Defaults);
        services.AddSingleton<IDumpPortBinding>(new ExportedInterfaceBinding([PortInterface.ScsiPort, PortInterface.StorPort]));

        // One object serves both import tables, as the one diskdump image does; it must not depend on the miniport.
        services.AddSingleton(provider => new DumpPortServices(
            provider.GetRequiredService<DumpStackContext>(),
            provider.GetRequiredService<IDmaAllocator>(),
            provider.GetRequiredService<IDumpLog>(),
            settings));
        services.AddSingleton<IScsiPortServices>(provider => provider.GetRequiredService<DumpPortServices>());
        services.AddSingleton<IStorPortServices>(provider => provider.GetRequiredService<DumpPortServices>());

        services.AddSingleton<IDumpPort>(provider => new DiskDumpPort(
            provider.GetRequiredService<IScsiMiniport>(),
            provider.GetRequiredService<DumpPortServices>(),
            provider.GetRequiredService<DumpStackContext>(),
            provider.GetRequiredService<IDmaAllocator>(),
            provider.GetRequiredService<IDumpLog>(),
            settings));
    }
}
