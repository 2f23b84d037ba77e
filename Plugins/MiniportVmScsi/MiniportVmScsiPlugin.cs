using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Miniport, "vmscsi", "1.0", LinksAgainst = PortInterface.ScsiPort, Description = "VMware BusLogic BT-958 (MultiMaster) polled miniport (vmscsi.sys)")]

namespace DumpFramework.Plugins.MiniportVmScsi;

/// <summary>DriverEntry of <c>vmscsi.sys</c>, loaded as <c>dump_vmscsi</c>: a polled miniport for the BusLogic BT-958
/// adapter VMware emulates, linked against scsiport.</summary>
public sealed class MiniportVmScsiPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IScsiMiniport>(provider => new VmScsiMiniport(provider.GetRequiredService<IScsiPortServices>(), configuration));
    }
}
