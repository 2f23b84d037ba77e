using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
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
        Settings =
        [
            // The same five keys as the other dump port: one retry, busy and polling policy for both.
            new("poll_interval_microseconds", "Stall between two polls of the miniport's interrupt routine.") { Values = "microseconds, 1 or more" },
            new("retry_limit", "Retries of a request after UNIT ATTENTION, NOT READY (becoming ready), ABORTED COMMAND or a bus reset.") { Values = "a count, 0 or more" },
            new("busy_resubmit_limit", "Resubmissions of a request the miniport or the device reported busy before it fails.") { Values = "a count, 0 or more" },
            new("busy_delay_microseconds", "Stall before resubmitting a busy request.") { Values = "microseconds, 0 or more" },
            new("not_ready_delay_microseconds", "Stall before retrying a unit that is becoming ready (NOT READY 04/01).") { Values = "microseconds, 0 or more" },
        ],
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = DiskDumpSettings.FromConfiguration(configuration);
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
