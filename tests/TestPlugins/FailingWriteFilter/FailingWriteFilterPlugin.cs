using System.Globalization;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Filter, DumpFramework.TestPlugins.FailingWriteFilter.FailingWriteFilterPlugin.BaseName, "1.0", Description = "Test filter: DumpWrite fails from write fail_at (default 3) on")]
[assembly: DumpDriverSetting("fail_at", "The first DumpWrite (1-based) that fails.", Values = "a whole number, 1 or more", Default = "3")]

namespace DumpFramework.TestPlugins.FailingWriteFilter;

/// <summary>Test filter <c>failwrite</c>: DumpWrite returns STATUS_IO_DEVICE_ERROR from write number <c>fail_at</c>
/// (1-based, default 3) on, for the filter error policy tests.</summary>
public sealed class FailingWriteFilterPlugin : IDriverPlugin
{
    /// <summary>The write that fails first when <c>fail_at</c> is not set.</summary>
    public const int DefaultFailAt = 3;

    /// <summary>The image base name; the filter or miniport is registered under it.</summary>
    public const string BaseName = "failwrite";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The <c>fail_at</c> setting is not a positive integer.</exception>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        int failAt = DefaultFailAt;
        if (configuration.Settings.TryGetValue("fail_at", out string? text)
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out failAt) || failAt < 1))
        {
            throw new ArgumentException($"setting fail_at must be a positive integer, not '{text}'", nameof(configuration));
        }

        services.AddKeyedSingleton<IDumpFilter>(BaseName, (_, _) => new FailingWriteFilter(failAt));
    }
}
