using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.MiniportLsiSas;

/// <summary>DriverEntry of <c>LSI_SAS.sys</c>, loaded as <c>dump_LSI_SAS</c>.</summary>
public sealed class MiniportLsiSasPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Miniport, "LSI_SAS", new Version(1, 0))
    {
        LinksAgainst = PortInterface.StorPort,
        Description = "LSI SAS1068 Fusion-MPT polled miniport (LSI_SAS.sys)",
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // The dump port resolves the miniport and gives it the storport routines it imports.
        services.AddSingleton<IScsiMiniport>(provider => new LsiSasMiniport(provider.GetRequiredService<IStorPortServices>(), configuration));
    }
}
