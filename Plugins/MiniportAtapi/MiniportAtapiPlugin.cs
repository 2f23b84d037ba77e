using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>DriverEntry of <c>atapi.sys</c>, the generic IDE channel miniport, loaded as <c>dump_atapi</c>.</summary>
/// <remarks>Registers <see cref="IAtaChannelMiniport"/>, built from the <see cref="IAtaPortServices"/> the dump port
/// exports. Settings: <c>transfer_mode</c> (pio | pio-multiple | dma, default dma) and <c>lba48</c> (true | false,
/// default true).</remarks>
public sealed class MiniportAtapiPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Miniport, "atapi", new Version(1, 0))
    {
        LinksAgainst = PortInterface.AtaPort,
        Description = "Generic IDE/ATA channel polled miniport (atapi.sys)",
        Settings = AtapiSettings.Declared,
    };

    /// <inheritdoc/>
    /// <exception cref="DriverSettingException">A setting has a value the miniport does not know.</exception>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = AtapiSettings.FromConfiguration(configuration);
        services.AddSingleton<IAtaChannelMiniport>(provider => new AtapiMiniport(provider.GetRequiredService<IAtaPortServices>(), settings));
    }
}
