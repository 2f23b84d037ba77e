using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Miniport, "pvscsi", "1.0", LinksAgainst = PortInterface.StorPort, Description = "VMware paravirtual SCSI (PVSCSI) polled miniport (pvscsi.sys)")]

namespace DumpFramework.Plugins.MiniportPvscsi;

/// <summary>DriverEntry of <c>pvscsi.sys</c>, loaded as <c>dump_pvscsi</c>: a polled miniport for the VMware
/// paravirtual SCSI adapter (PVSCSI) that links against storport, as pvscsi.sys does.</summary>
public sealed class MiniportPvscsiPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IScsiMiniport>(provider => new PvscsiMiniport(provider.GetRequiredService<IStorPortServices>(), configuration));
    }
}
