using System.Reflection;
using System.Text.RegularExpressions;

namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// Who a driver is: its role, its on-disk image base name and the port interfaces it exports or links against.
/// Mirrors the entries of the dump stack's driver list (DUMP_DRIVER: DriverName / BaseName). A plugin declares it with
/// assembly attributes (<see cref="DumpDriverAttribute"/>, <see cref="DumpDriverSettingAttribute"/>), which the host
/// reads from metadata and turns into an identity with <see cref="FromAttributes"/>, before any plugin code runs.
/// </summary>
public sealed partial class DriverIdentity
{
    /// <summary>Creates an identity. The contract version defaults to the constants of the Abstractions the caller
    /// was compiled against, which is how the host learns what a plugin was built for.</summary>
    /// <param name="kind">The driver's role.</param>
    /// <param name="baseName">On-disk image base name without extension, e.g. <c>diskdump</c> or <c>LSI_SAS</c>.</param>
    /// <param name="version">The driver's own version.</param>
    /// <param name="contractMajor">Contract major version; leave at its default.</param>
    /// <param name="contractMinor">Contract minor version; leave at its default.</param>
    /// <exception cref="ArgumentException">The base name is not a valid Windows driver base name.</exception>
    public DriverIdentity(DriverKind kind, string baseName, Version version, int contractMajor = DumpContract.MajorVersion, int contractMinor = DumpContract.MinorVersion)
    {
        ArgumentNullException.ThrowIfNull(baseName);
        ArgumentNullException.ThrowIfNull(version);
        if (!IsValidBaseName(baseName))
        {
            throw new ArgumentException($"'{baseName}' is not a valid driver base name: 1 to {DumpContract.MaximumBaseNameLength} characters, letters, digits and '_', starting with a letter.", nameof(baseName));
        }

        Kind = kind;
        BaseName = baseName;
        Version = version;
        ContractVersion = new Version(contractMajor, contractMinor);
    }

    /// <summary>The driver's role.</summary>
    public DriverKind Kind { get; }

    /// <summary>On-disk image base name (<c>diskdump</c>, <c>dumpata</c>, <c>atapi</c>, <c>LSI_SAS</c>, <c>vmscsi</c>, <c>pvscsi</c>, <c>dumpfve</c>).</summary>
    public string BaseName { get; }

    /// <summary>The in-memory name of the driver's crash dump copy: <c>dump_</c> + <see cref="BaseName"/>.</summary>
    public string DumpName => DumpContract.CrashDumpPrefix + BaseName;

    /// <summary>The driver's own version.</summary>
    public Version Version { get; }

    /// <summary>The contract version the driver was compiled against.</summary>
    public Version ContractVersion { get; }

    /// <summary>For a port: the port interfaces it exports (diskdump exports scsiport and storport). Empty otherwise.</summary>
    public IReadOnlyList<PortInterface> Exports { get; init; } = [];

    /// <summary>For a miniport: the port interface it imports from. <see langword="null"/> for ports and filters.</summary>
    public PortInterface? LinksAgainst { get; init; }

    /// <summary>Operations this driver does not implement (yet). Listings mark them; calling one throws
    /// <see cref="DriverOperationNotSupportedException"/>.</summary>
    public IReadOnlyList<string> NotImplemented { get; init; } = [];

    /// <summary>Every setting the driver accepts in its manifest entry (its <see cref="DumpDriverSettingAttribute"/>s).
    /// The host refuses any other key (with its position in the manifest) before the plugin is loaded, and listings
    /// show these. Empty: the driver takes no settings.</summary>
    public IReadOnlyList<DriverSetting> Settings { get; init; } = [];

    /// <summary>A one-line description for listings.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Builds the identity an assembly declares with its attributes; the one conversion the host (from
    /// metadata) and a driver's own tests (through <see cref="FromAssembly"/>) share.</summary>
    /// <param name="driver">The assembly's <see cref="DumpDriverAttribute"/>.</param>
    /// <param name="settings">Its <see cref="DumpDriverSettingAttribute"/>s, in declaration order.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="ArgumentException">A declared value is not usable: an invalid base name, version or setting key,
    /// an unknown kind or port interface, a miniport without <see cref="DumpDriverAttribute.LinksAgainst"/>, a port
    /// without <see cref="DumpDriverAttribute.Exports"/>, or a setting declared twice.</exception>
    public static DriverIdentity FromAttributes(DumpDriverAttribute driver, IEnumerable<DumpDriverSettingAttribute> settings)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(settings);
        if (!Enum.IsDefined(driver.Kind))
        {
            throw new ArgumentException($"{(int)driver.Kind} is not a driver kind.", nameof(driver));
        }

        if (driver.BaseName is null || driver.Version is null || !System.Version.TryParse(driver.Version, out var version))
        {
            throw new ArgumentException($"'{driver.Version}' is not a version (major.minor[.build[.revision]]).", nameof(driver));
        }

        var exports = driver.Exports ?? [];
        var links = driver.LinksAgainstOrNull;
        foreach (var port in links is { } linked ? [.. exports, linked] : exports)
        {
            if (!Enum.IsDefined(port))
            {
                throw new ArgumentException($"{(int)port} is not a port interface.", nameof(driver));
            }
        }

        string? misfit = driver.Kind switch
        {
            DriverKind.Miniport when links is null => "a miniport must say which port interface it links against (LinksAgainst)",
            DriverKind.Port when exports.Length == 0 => "a port must say which port interfaces it exports (Exports)",
            not DriverKind.Miniport when links is not null => "only a miniport links against a port interface (LinksAgainst)",
            not DriverKind.Port when exports.Length > 0 => "only a port exports port interfaces (Exports)",
            _ => null,
        };
        if (misfit is not null)
        {
            throw new ArgumentException($"{driver.BaseName}: {misfit}.", nameof(driver));
        }

        var declared = new List<DriverSetting>();
        foreach (var setting in settings)
        {
            if (setting.Required && setting.Default is not null)
            {
                throw new ArgumentException($"setting '{setting.Key}' is required and has a default.", nameof(settings));
            }

            var parsed = new DriverSetting(setting.Key, setting.Description) { Values = setting.Values ?? string.Empty, Default = setting.Default, Required = setting.Required };
            if (declared.Any(d => d.Key == parsed.Key))
            {
                throw new ArgumentException($"setting '{setting.Key}' is declared twice.", nameof(settings));
            }

            declared.Add(parsed);
        }

        return new DriverIdentity(driver.Kind, driver.BaseName, version, driver.ContractMajor, driver.ContractMinor)
        {
            Exports = [.. exports],
            LinksAgainst = links,
            NotImplemented = [.. driver.NotImplemented ?? []],
            Settings = declared,
            Description = driver.Description ?? string.Empty,
        };
    }

    /// <summary>Reads the identity an assembly declares (through reflection, for a driver's own tests; the host reads
    /// the same attributes from metadata).</summary>
    /// <param name="assembly">The plugin assembly.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="ArgumentException">The assembly has no <see cref="DumpDriverAttribute"/>, or a declared value is
    /// not usable (see <see cref="FromAttributes"/>).</exception>
    public static DriverIdentity FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var driver = assembly.GetCustomAttribute<DumpDriverAttribute>()
            ?? throw new ArgumentException($"{assembly.GetName().Name} has no [assembly: {nameof(DumpDriverAttribute).Replace("Attribute", string.Empty, StringComparison.Ordinal)}(...)].", nameof(assembly));
        return FromAttributes(driver, assembly.GetCustomAttributes<DumpDriverSettingAttribute>());
    }

    /// <summary>Whether <paramref name="baseName"/> is a usable driver image base name.</summary>
    /// <param name="baseName">The candidate.</param>
    /// <returns><see langword="true"/> if it is 1–15 characters of letters, digits and underscores, starting with a letter.</returns>
    public static bool IsValidBaseName(string? baseName) => baseName is not null && BaseNamePattern().IsMatch(baseName);

    /// <inheritdoc/>
    public override string ToString() => $"{DumpName} ({Kind}, {BaseName} {Version})";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex BaseNamePattern();
}
