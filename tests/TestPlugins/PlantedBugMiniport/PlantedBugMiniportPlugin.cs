using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Plugins.MiniportLsiSas;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Miniport, DumpFramework.TestPlugins.PlantedBugMiniport.PlantedBugMiniportPlugin.BaseName, "1.0", LinksAgainst = PortInterface.StorPort, Description = "Test miniport: LSI_SAS with one planted bug (setting bug)")]
[assembly: DumpDriverSetting("bug", "The planted bug.", Values = "no-adapter-reset | no-takeover-reset | crash-only | ignore-unit-attention | truncate-lba | short-timeout", Default = "no-adapter-reset")]

namespace DumpFramework.TestPlugins.PlantedBugMiniport;

/// <summary>Test miniport <c>plantedsas</c>: the LSI_SAS miniport with the bug named by setting <c>bug</c>.</summary>
public sealed class PlantedBugMiniportPlugin : IDriverPlugin
{
    /// <summary>The image base name.</summary>
    public const string BaseName = "plantedsas";

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string bug = configuration.Settings.TryGetValue("bug", out string? value) ? value : "no-adapter-reset";
        if (bug is not ("no-adapter-reset" or "no-takeover-reset" or "crash-only" or "ignore-unit-attention" or "truncate-lba" or "short-timeout"))
        {
            throw new ArgumentException($"bug must be no-adapter-reset, no-takeover-reset, crash-only, ignore-unit-attention, truncate-lba or short-timeout, not '{bug}'", nameof(configuration));
        }

        // The real miniport, with the settings it knows (none): the planted bug's key is this plugin's own.
        var inner = new DriverConfiguration(configuration.LoadName, new Dictionary<string, string>(), configuration.ManifestDirectory);
        services.AddSingleton<IScsiMiniport>(provider =>
        {
            var port = new PlantedPortServices(provider.GetRequiredService<IStorPortServices>(), bug);
            return new PlantedBugMiniport(new LsiSasMiniport(port, inner), bug);
        });
    }
}
