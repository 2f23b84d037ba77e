using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>DriverEntry of <c>atapi.sys</c>, the generic IDE channel miniport, loaded as <c>dump_atapi</c>.</summary>
public sealed class MiniportAtapiPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Miniport, "atapi", new Version(1, 0))
    {
        LinksAgainst = PortInterface.AtaPort,
        Description = "Generic IDE/ATA channel polled miniport (atapi.sys)",
        NotImplemented = ["ChannelInitialize", "Identify", "StartIo", "Interrupt"],
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        services.AddSingleton<IAtaChannelMiniport>(sp => new UnimplementedChannelMiniport(sp.GetRequiredService<IAtaPortServices>(), configuration.LoadName));
    }
}
