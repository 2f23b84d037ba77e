using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Miniport, DumpFramework.TestPlugins.FutureContractPlugin.FutureContractPlugin.BaseName, "1.0", LinksAgainst = PortInterface.StorPort)]

namespace DumpFramework.TestPlugins.FutureContractPlugin;

/// <summary>An otherwise ordinary miniport entry, built against contract assembly 3.0.0.0.</summary>
public sealed class FutureContractPlugin : IDriverPlugin
{
    /// <summary>The image base name; the filter or miniport is registered under it.</summary>
    public const string BaseName = "future";

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
    }
}
