using System.Text.RegularExpressions;

namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// Who a driver is: its role, its on-disk image base name and the port interfaces it exports or links against.
/// Mirrors the entries of the dump stack's driver list (DUMP_DRIVER: DriverName / BaseName).
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

    /// <summary>On-disk image base name (<c>diskdump</c>, <c>dumpata</c>, <c>atapi</c>, <c>LSI_SAS</c>, <c>vmscsi</c>, <c>dumpfve</c>).</summary>
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

    /// <summary>Every setting the driver accepts in its manifest entry. The host refuses any other key (with its
    /// position in the manifest) before <see cref="IDriverPlugin.ConfigureServices"/> runs, and listings show these.
    /// Empty: the driver takes no settings.</summary>
    public IReadOnlyList<DriverSetting> Settings { get; init; } = [];

    /// <summary>A one-line description for listings.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Whether <paramref name="baseName"/> is a usable driver image base name.</summary>
    /// <param name="baseName">The candidate.</param>
    /// <returns><see langword="true"/> if it is 1–15 characters of letters, digits and underscores, starting with a letter.</returns>
    public static bool IsValidBaseName(string? baseName) => baseName is not null && BaseNamePattern().IsMatch(baseName);

    /// <inheritdoc/>
    public override string ToString() => $"{DumpName} ({Kind}, {BaseName} {Version})";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex BaseNamePattern();
}
