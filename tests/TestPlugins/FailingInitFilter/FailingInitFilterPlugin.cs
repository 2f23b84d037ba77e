using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Port;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.TestPlugins.FailingInitFilter;

/// <summary>Test filter <c>failinit</c>: its DriverEntry fails. Setting <c>critical: "true"</c> makes it declare
/// itself critical first, so the whole stack must be refused; otherwise the host must skip it.</summary>
public sealed class FailingInitFilterPlugin : IDriverPlugin
{
    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Filter, "failinit", new Version(1, 0))
    {
        Description = "Test filter: initialization fails (critical: true|false)",
        Settings = [new("critical", "Whether the filter marks itself critical before failing.") { Values = "true | false", Default = "false" }],
    };

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The <c>critical</c> setting is not true or false.</exception>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        bool critical = false;
        if (configuration.Settings.TryGetValue("critical", out string? text) && !bool.TryParse(text, out critical))
        {
            throw new ArgumentException($"setting critical must be true or false, not '{text}'", nameof(configuration));
        }

        services.AddKeyedSingleton<IDumpFilter>(Identity.BaseName, (provider, _) => new FailingInitFilter(critical, provider.GetService<IDumpLog>()));
    }
}
