using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Filter, DumpFramework.TestPlugins.RecordingFilterA.RecordingFilterAPlugin.BaseName, "1.0", Description = "Test filter: records every callback in the dump log")]

namespace DumpFramework.TestPlugins.RecordingFilterA;

/// <summary>Test filter <c>recfa</c>: records every callback in the dump log (see the shared RecordingFilter).</summary>
public sealed class RecordingFilterAPlugin : IDriverPlugin
{
    /// <summary>The image base name; the filter or miniport is registered under it.</summary>
    public const string BaseName = "recfa";

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration) =>
        RecordingFilter.RecordingFilter.Register(services, BaseName, configuration);
}
