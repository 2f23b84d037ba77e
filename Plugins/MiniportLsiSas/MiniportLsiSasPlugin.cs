using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Miniport, "LSI_SAS", "1.0", LinksAgainst = PortInterface.StorPort, Description = "LSI SAS1068 Fusion-MPT polled miniport (LSI_SAS.sys)")]

namespace DumpFramework.Plugins.MiniportLsiSas;

/// <summary>DriverEntry of <c>LSI_SAS.sys</c>, loaded as <c>dump_LSI_SAS</c>.</summary>
public sealed class MiniportLsiSasPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // The dump port resolves the miniport and gives it the storport routines it imports.
        services.AddSingleton<IScsiMiniport>(provider => new LsiSasMiniport(provider.GetRequiredService<IStorPortServices>(), configuration));
    }
}
