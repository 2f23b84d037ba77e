using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.TestPlugins.InPlaceFilter;

/// <summary>Test filter <c>inplace</c>: breaks the DumpWrite rule by changing the data pages in place.</summary>
public sealed class InPlaceFilterPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Filter, "inplace", new Version(1, 0))
    {
        Description = "Test filter: modifies the pages of each write in place (forbidden)",
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration) =>
        services.AddKeyedSingleton<IDumpFilter>(Identity.BaseName, (provider, _) => new InPlaceFilter(provider.GetRequiredService<IPhysicalMemory>()));
}
