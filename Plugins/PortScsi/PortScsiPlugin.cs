using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Port;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>DriverEntry of <c>diskdump.sys</c>: the SCSI/Storport dump port, bound as <c>dump_scsiport</c> or <c>dump_storport</c>.</summary>
public sealed class PortScsiPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Port, "diskdump", new Version(1, 0))
    {
        Exports = [PortInterface.ScsiPort, PortInterface.StorPort],
        Description = "Polled SCSI/Storport dump port (diskdump.sys)",
        NotImplemented = ["Open", "Write", "Read", "Finish"],
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        services.AddSingleton<IDumpPortBinding>(new ExportedInterfaceBinding(Identity.Exports));
        services.AddSingleton<IDumpPort>(new UnimplementedDumpPort(configuration.LoadName));
    }
}
