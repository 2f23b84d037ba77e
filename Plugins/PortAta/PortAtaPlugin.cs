using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Port;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.PortAta;

/// <summary>DriverEntry of <c>dumpata.sys</c>: the ATA dump port, bound as <c>dump_ataport</c>.</summary>
public sealed class PortAtaPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Port, "dumpata", new Version(1, 0))
    {
        Exports = [PortInterface.AtaPort],
        Description = "Polled ATA dump port with SCSI-to-ATA translation (dumpata.sys)",
        NotImplemented = ["Open", "Write", "Read", "Finish"],
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        services.AddSingleton<IDumpPortBinding>(new ExportedInterfaceBinding(Identity.Exports));
        services.AddSingleton<IDumpPort>(new UnimplementedDumpPort(configuration.LoadName));
    }
}
