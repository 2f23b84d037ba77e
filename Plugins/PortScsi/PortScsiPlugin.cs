using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Plugins.PortCommon;
using Microsoft.Extensions.DependencyInjection;

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
    public DriverIdentity Identity { get; } = new(DriverKind.Port, "diskdump", new Version(1, 0))
    {
        Exports = [PortInterface.ScsiPort, PortInterface.StorPort],
        Description = "Polled SCSI/Storport dump port (diskdump.sys)",
        // The same five keys as the other dump port: one retry, busy and polling policy for both.
        Settings = PortSettings.Declare(DiskDumpPort.Defaults),
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = PortSettings.FromConfiguration(configuration, DiskDumpPort.Defaults);
        services.AddSingleton<IDumpPortBinding>(new ExportedInterfaceBinding(Identity.Exports));

        // One object serves both import tables, as the one diskdump image does; it must not depend on the miniport.
        services.AddSingleton(provider => new DumpPortServices(
            provider.GetRequiredService<DumpStackContext>(),
            provider.GetRequiredService<IDmaAllocator>(),
            provider.GetRequiredService<IDumpLog>(),
            settings.LoadName));
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
