using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Plugins.PortCommon;
using Microsoft.Extensions.DependencyInjection;

// The eight keys both dump ports take (one retry, busy and polling policy, and the caps a tighter platform puts on
// what the miniport is granted: none by default, and an uncached extension 16 bytes past a page, x64's pool
// alignment, because Windows promises no more in dump mode); the defaults are ataport's, one resubmission
// after BUSY and one retry of a transient error. DumpAtaPort.Defaults reads them from here.
[assembly: DumpDriver(DriverKind.Port, "dumpata", "1.0", Exports = [PortInterface.AtaPort], Description = "Polled ATA dump port with SCSI-to-ATA translation (dumpata.sys)")]
[assembly: DumpDriverSetting(PortSettings.PollIntervalKey, PortSettings.PollIntervalDescription, Values = PortSettings.PollIntervalValues, Default = "10")]
[assembly: DumpDriverSetting(PortSettings.RetryLimitKey, PortSettings.RetryLimitDescription, Values = PortSettings.CountValues, Default = "1")]
[assembly: DumpDriverSetting(PortSettings.BusyResubmitLimitKey, PortSettings.BusyResubmitLimitDescription, Values = PortSettings.CountValues, Default = "1")]
[assembly: DumpDriverSetting(PortSettings.BusyDelayKey, PortSettings.BusyDelayDescription, Values = PortSettings.DelayValues, Default = "1000")]
[assembly: DumpDriverSetting(PortSettings.NotReadyDelayKey, PortSettings.NotReadyDelayDescription, Values = PortSettings.DelayValues, Default = "500000")]
[assembly: DumpDriverSetting(PortSettings.MaximumTransferLengthKey, PortSettings.MaximumTransferLengthDescription, Values = PortSettings.CapValues, Default = "0")]
[assembly: DumpDriverSetting(PortSettings.NumberOfPhysicalBreaksKey, PortSettings.NumberOfPhysicalBreaksDescription, Values = PortSettings.CapValues, Default = "0")]
[assembly: DumpDriverSetting(PortSettings.UncachedExtensionAlignmentKey, PortSettings.UncachedExtensionAlignmentDescription, Values = PortSettings.AlignmentValues, Default = "16")]

namespace DumpFramework.Plugins.PortAta;

/// <summary>DriverEntry of <c>dumpata.sys</c>: the ATA dump port, bound as <c>dump_ataport</c>.</summary>
/// <remarks>
/// Needs from the host, per stack: <see cref="DumpStackContext"/>, <see cref="IDmaAllocator"/> and <see cref="IDumpLog"/>,
/// plus an <see cref="IAtaChannelMiniport"/> registered by the miniport plugin. Registers <see cref="IDumpPortBinding"/>,
/// the services object as <see cref="IAtaPortServices"/> (what the miniport's constructor receives; it depends on the
/// context only, never on the miniport) and <see cref="IDumpPort"/>.
/// </remarks>
public sealed class PortAtaPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = PortSettings.FromConfiguration(configuration, DumpAtaPort.Defaults);
        services.AddSingleton<IDumpPortBinding>(new ExportedInterfaceBinding([PortInterface.AtaPort]));
        services.AddSingleton(provider => new AtaPortServices(
            provider.GetRequiredService<DumpStackContext>(),
            provider.GetRequiredService<IDmaAllocator>(),
            provider.GetRequiredService<IDumpLog>(),
            settings));
        services.AddSingleton<IAtaPortServices>(provider => provider.GetRequiredService<AtaPortServices>());
        services.AddSingleton<IDumpPort>(provider => new DumpAtaPort(
            provider.GetRequiredService<IAtaChannelMiniport>(),
            provider.GetRequiredService<AtaPortServices>(),
            provider.GetRequiredService<DumpStackContext>(),
            provider.GetRequiredService<IDumpLog>(),
            settings));
    }
}
