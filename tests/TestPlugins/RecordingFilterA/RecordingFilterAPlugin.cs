using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.TestPlugins.RecordingFilterA;

/// <summary>Test filter <c>recfa</c>: records every callback in the dump log (see the shared RecordingFilter).</summary>
public sealed class RecordingFilterAPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Filter, "recfa", new Version(1, 0))
    {
        Description = "Test filter: records every callback in the dump log",
    };

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration) =>
        RecordingFilter.RecordingFilter.Register(services, Identity.BaseName, configuration);
}
