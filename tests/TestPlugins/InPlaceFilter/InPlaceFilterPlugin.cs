using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Filter, DumpFramework.TestPlugins.InPlaceFilter.InPlaceFilterPlugin.BaseName, "1.0", Description = "Test filter: modifies the pages of each write in place (forbidden)")]

namespace DumpFramework.TestPlugins.InPlaceFilter;

/// <summary>Test filter <c>inplace</c>: breaks the DumpWrite rule by changing the data pages in place.</summary>
public sealed class InPlaceFilterPlugin : IDriverPlugin
{
    /// <summary>The image base name; the filter or miniport is registered under it.</summary>
    public const string BaseName = "inplace";

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration) =>
        services.AddKeyedSingleton<IDumpFilter>(BaseName, (provider, _) => new InPlaceFilter(provider.GetRequiredService<IPhysicalMemory>()));
}
