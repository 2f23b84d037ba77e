using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.TestPlugins.FutureContractPlugin;

/// <summary>An otherwise ordinary miniport entry, built against contract assembly 3.0.0.0.</summary>
public sealed class FutureContractPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Miniport, "future", new Version(1, 0)) { LinksAgainst = PortInterface.StorPort };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
    }
}
