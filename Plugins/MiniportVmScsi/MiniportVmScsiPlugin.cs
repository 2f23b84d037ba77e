using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.MiniportVmScsi;

/// <summary>DriverEntry of <c>vmscsi.sys</c>, loaded as <c>dump_vmscsi</c>.</summary>
public sealed class MiniportVmScsiPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Miniport, "vmscsi", new Version(1, 0))
    {
        LinksAgainst = PortInterface.ScsiPort,
        Description = "VMware paravirtual SCSI polled miniport (vmscsi.sys)",
        NotImplemented = ["FindAdapter", "Initialize", "StartIo", "Interrupt"],
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        services.AddSingleton<IScsiMiniport>(sp => new UnimplementedMiniport(sp.GetRequiredService<IScsiPortServices>(), configuration.LoadName));
    }
}
