using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.MiniportVmScsi;

/// <summary>DriverEntry of <c>vmscsi.sys</c>, loaded as <c>dump_vmscsi</c>: a polled miniport for the VMware
/// paravirtual SCSI adapter (PVSCSI) that links against scsiport.</summary>
public sealed class MiniportVmScsiPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Miniport, "vmscsi", new Version(1, 0))
    {
        LinksAgainst = PortInterface.ScsiPort,
        Description = "VMware paravirtual SCSI (PVSCSI) polled miniport (vmscsi.sys)",
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IScsiMiniport>(provider => new VmScsiMiniport(provider.GetRequiredService<IScsiPortServices>(), configuration));
    }
}
