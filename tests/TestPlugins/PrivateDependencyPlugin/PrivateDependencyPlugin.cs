using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.Serialization;

[assembly: DumpDriver(DriverKind.Filter, DumpFramework.TestPlugins.PrivateDependencyPlugin.PrivateDependencyPlugin.BaseName, "1.0", Description = "Test plugin: reports which YamlDotNet it was given")]

namespace DumpFramework.TestPlugins.PrivateDependencyPlugin;

/// <summary>Reports, through a keyed string service, which YamlDotNet it was given: the host must leave it its own copy.</summary>
public sealed class PrivateDependencyPlugin : IDriverPlugin
{
    /// <summary>The image base name.</summary>
    public const string BaseName = "privdep";

    /// <summary>The service key of the YamlDotNet version the plugin sees.</summary>
    public const string YamlVersionKey = "yamldotnet";

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration) =>
        services.AddKeyedSingleton(YamlVersionKey, typeof(Deserializer).Assembly.GetName().Version!.ToString());
}
