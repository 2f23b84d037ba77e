using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.FilterFve;

/// <summary>DriverEntry of <c>dumpfve.sys</c>, BitLocker's crash dump filter, loaded as <c>dump_dumpfve</c>.</summary>
public sealed class FilterFvePlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Filter, "dumpfve", new Version(1, 0))
    {
        Description = "BitLocker-style XTS-AES dump filter (dumpfve.sys)",
        NotImplemented = ["Initialize", "Write", "Read"],
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        services.AddKeyedSingleton<IDumpFilter>(Identity.BaseName, new UnimplementedFilter(configuration.LoadName));
    }
}
