using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.Serialization;

namespace DumpFramework.TestPlugins.PrivateDependencyPlugin;

/// <summary>Reports, through its description, which YamlDotNet it was given: the host must leave it its own copy.</summary>
public sealed class PrivateDependencyPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Filter, "privdep", new Version(1, 0))
    {
        Description = "yamldotnet=" + typeof(Deserializer).Assembly.GetName().Version,
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
    }
}
