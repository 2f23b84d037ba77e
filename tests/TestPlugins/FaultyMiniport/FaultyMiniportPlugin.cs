using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Scsi;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Miniport, DumpFramework.TestPlugins.FaultyMiniport.FaultyMiniportPlugin.BaseName, "1.0", LinksAgainst = PortInterface.StorPort, Description = "Test miniport that misbehaves (mode: throw | garbage)")]
[assembly: DumpDriverSetting("mode", "How the miniport misbehaves.", Values = "throw (StartIo throws) | garbage (posts to an IOC it never initialized)", Default = "throw")]

namespace DumpFramework.TestPlugins.FaultyMiniport;

/// <summary>Test miniport <c>faultymp</c>: setting <c>mode</c> is <c>throw</c> (StartIo throws) or <c>garbage</c> (posts a
/// request frame to an IOC it never initialized).</summary>
public sealed class FaultyMiniportPlugin : IDriverPlugin
{
    /// <summary>The image base name; the filter or miniport is registered under it.</summary>
    public const string BaseName = "faultymp";

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        string mode = configuration.Settings.TryGetValue("mode", out string? value) ? value : "throw";
        if (mode is not ("throw" or "garbage"))
        {
            throw new ArgumentException($"mode must be throw or garbage, not '{mode}'", nameof(configuration));
        }

        services.AddSingleton<IScsiMiniport>(sp => new FaultyMiniport(sp.GetRequiredService<IStorPortServices>(), mode == "garbage"));
    }
}
