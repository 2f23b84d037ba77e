using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Plugins.FilterFve;

/// <summary>DriverEntry of <c>dumpfve.sys</c>, BitLocker's crash dump filter, loaded as <c>dump_dumpfve</c>.</summary>
/// <remarks>
/// Settings: <c>key_file</c> (required; the full-volume encryption key, 32 bytes for XTS-AES-128 or 64 for
/// XTS-AES-256, raw or as hex text; relative paths are relative to the manifest) and <c>volume_offset</c> (the byte
/// offset of the encrypted volume on the dump disk, e.g. <c>1 MiB</c>; default 0). The key file is only read when
/// the stack initializes the filter.
/// </remarks>
public sealed class FilterFvePlugin : IDriverPlugin
{
    /// <summary>The setting naming the key file.</summary>
    public const string KeyFileSetting = "key_file";

    /// <summary>The setting giving the encrypted volume's byte offset on the disk.</summary>
    public const string VolumeOffsetSetting = "volume_offset";

    /// <inheritdoc/>
    public DriverIdentity Identity { get; } = new(DriverKind.Filter, "dumpfve", new Version(1, 0))
    {
        Description = "BitLocker-style XTS-AES dump filter (dumpfve.sys)",
    };

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The manifest names a setting this filter does not know.</exception>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // A misspelt key_file must not leave the filter silently keyless: unknown settings are a manifest error.
        foreach (string name in configuration.Settings.Keys)
        {
            if (name is not (KeyFileSetting or VolumeOffsetSetting))
            {
                throw new ArgumentException($"unknown setting '{name}' (known: {KeyFileSetting}, {VolumeOffsetSetting})", nameof(configuration));
            }
        }

        string? keyFile = configuration.Settings.TryGetValue(KeyFileSetting, out string? path) && !string.IsNullOrWhiteSpace(path)
            ? configuration.ResolvePath(path)
            : null;
        string? volumeOffset = configuration.Settings.GetValueOrDefault(VolumeOffsetSetting);
        var settings = new FveSettings(keyFile, volumeOffset);
        string loadName = configuration.LoadName;

        services.AddKeyedSingleton<IDumpFilter>(Identity.BaseName, (provider, _) => new FveDumpFilter(
            provider.GetRequiredService<IDmaAllocator>(),
            settings,
            provider.GetService<IDumpLog>(),
            loadName));
    }
}
