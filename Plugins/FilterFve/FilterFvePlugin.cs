using System.Security.Cryptography;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using Microsoft.Extensions.DependencyInjection;

[assembly: DumpDriver(DriverKind.Filter, DumpFramework.Plugins.FilterFve.FilterFvePlugin.BaseName, "1.0", Description = "BitLocker-style XTS-AES dump filter (dumpfve.sys)")]
[assembly: DumpDriverSetting(DumpFramework.Plugins.FilterFve.FilterFvePlugin.KeyFileSetting, "The full-volume encryption key: XTS key 1 (data) then key 2 (tweak), raw or as hex text.",
    Values = "a file path, relative to the manifest; the file holds 32 bytes (XTS-AES-128) or 64 bytes (XTS-AES-256)",
    Required = true)]
[assembly: DumpDriverSetting(DumpFramework.Plugins.FilterFve.FilterFvePlugin.VolumeOffsetSetting, "Where the encrypted volume starts on the dump disk: the XTS sector numbers count from here.",
    Values = "a size (bytes, or with KiB, MiB ...), a multiple of the dump disk's sector size (512, or 4096 on a 4Kn disk)",
    Default = "0")]

namespace DumpFramework.Plugins.FilterFve;

/// <summary>DriverEntry of <c>dumpfve.sys</c>, BitLocker's crash dump filter, loaded as <c>dump_dumpfve</c>.</summary>
/// <remarks>
/// Settings: <c>key_file</c> (required; the full-volume encryption key, 32 bytes for XTS-AES-128 or 64 for
/// XTS-AES-256, raw or as hex text; relative paths are relative to the manifest) and <c>volume_offset</c> (the byte
/// offset of the encrypted volume on the dump disk, e.g. <c>1 MiB</c>, a whole number of the disk's sectors; default
/// 0). Both are checked when the stack is configured (the offset against the disk's sector size when the filter is
/// initialized), so <c>dumpstack validate</c> refuses an unusable key; the key itself is read again, and only kept,
/// when the stack initializes the filter, as dumpfve gets its key at crash-dump initialization.
/// </remarks>
public sealed class FilterFvePlugin : IDriverPlugin
{
    /// <summary>The setting naming the key file.</summary>
    public const string KeyFileSetting = "key_file";

    /// <summary>The setting giving the encrypted volume's byte offset on the disk.</summary>
    public const string VolumeOffsetSetting = "volume_offset";

    /// <summary>The image base name; the filter is registered under it.</summary>
    public const string BaseName = "dumpfve";

    /// <inheritdoc/>
    /// <exception cref="DriverSettingException">The key file is missing, unreadable or not a usable XTS-AES key, or
    /// <c>volume_offset</c> is not a sector-aligned size.</exception>
    public void ConfigureServices(IServiceCollection services, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Any sector size's multiple here; Initialize, which learns the disk's sector size, checks it against that.
        long volumeOffset = configuration.GetSize(VolumeOffsetSetting, 0, XtsAesSectorCipher.MinimumSectorSize);
        string keyFile = configuration.GetPath(KeyFileSetting)
            ?? throw configuration.SettingError(KeyFileSetting, $"is missing: it must name the full-volume encryption key ({FveKeyFile.Xts128KeyLength} bytes for XTS-AES-128 or {FveKeyFile.Xts256KeyLength} for XTS-AES-256, raw or hex)");

        // Checked now so that validate refuses a key that cannot work; the key is not kept until Initialize.
        if (!FveKeyFile.TryLoad(keyFile, out byte[] key, out string keyError))
        {
            throw new DriverSettingException(configuration.LoadName, KeyFileSetting, $"{configuration.LoadName}: {keyError}");
        }

        CryptographicOperations.ZeroMemory(key);
        var settings = new FveSettings(keyFile, volumeOffset);
        string loadName = configuration.LoadName;

        services.AddKeyedSingleton<IDumpFilter>(BaseName, (provider, _) => new FveDumpFilter(
            provider.GetRequiredService<IDmaAllocator>(),
            settings,
            provider.GetService<IDumpLog>(),
            loadName));
    }
}
