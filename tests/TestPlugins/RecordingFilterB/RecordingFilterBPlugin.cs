using DumpFramework.Abstractions.Drivers;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Filter, DumpFramework.TestPlugins.RecordingFilterB.RecordingFilterBPlugin.BaseName, "1.0", Description = "Test filter: records every callback in the dump log")]

namespace DumpFramework.TestPlugins.RecordingFilterB;

/// <summary>Test filter <c>recfb</c>: records every callback in the dump log (see the shared RecordingFilter).</summary>
public sealed class RecordingFilterBPlugin : IDriverPlugin
{
    /// <summary>The image base name; the filter or miniport is registered under it.</summary>
    public const string BaseName = "recfb";

    /// <inheritdoc/>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration) =>
        RecordingFilter.RecordingFilter.Register(services, BaseName, configuration);
}
