using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Miniport, "atapi", "1.0", LinksAgainst = PortInterface.AtaPort, Description = "Generic IDE/ATA channel polled miniport (atapi.sys)")]
[assembly: DumpDriverSetting(DumpFramework.Plugins.MiniportAtapi.AtapiSettings.TransferModeKey, "The most capable data transfer the miniport may use; it falls back to PIO when the device or channel cannot do DMA.",
    Values = "pio (single-sector READ/WRITE SECTORS) | pio-multiple (READ/WRITE MULTIPLE after SET MULTIPLE MODE) | dma (bus-master DMA with PRD tables)",
    Default = "dma")]
[assembly: DumpDriverSetting(DumpFramework.Plugins.MiniportAtapi.AtapiSettings.Lba48Key, "Whether 48-bit (EXT) commands may be used when the device has them; false limits the disk to 2^28 sectors.",
    Values = "true | false",
    Default = "true")]

namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>DriverEntry of <c>atapi.sys</c>, the generic IDE channel miniport, loaded as <c>dump_atapi</c>.</summary>
/// <remarks>Registers <see cref="IAtaChannelMiniport"/>, built from the <see cref="IAtaPortServices"/> the dump port
/// exports. Settings: <c>transfer_mode</c> (pio | pio-multiple | dma, default dma) and <c>lba48</c> (true | false,
/// default true).</remarks>
public sealed class MiniportAtapiPlugin : IDriverPlugin
{
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
