using System.Diagnostics.CodeAnalysis;

namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// Who the plugin assembly's driver is: its role, its image base name, its version and the port interfaces it exports
/// or links against. The host reads this attribute from the assembly's metadata, without running any of the plugin's
/// code, to list the plugin, to match it to a manifest and to check its contract before the plugin is loaded: the
/// analogue of the image header and version resource Windows reads before a driver's DriverEntry runs.
/// </summary>
/// <remarks>
/// Every value must be a constant. The contract version is compiled in through the constructor's default parameters
/// (leave them out): they take the <see cref="DumpContract"/> constants of the Abstractions the plugin was compiled
/// against. Declare each manifest setting with a <see cref="DumpDriverSettingAttribute"/>.
/// <code>
/// [assembly: DumpDriver(DriverKind.Miniport, "LSI_SAS", "1.0", LinksAgainst = PortInterface.StorPort, Description = "...")]
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class DumpDriverAttribute : Attribute
{
    private PortInterface? _linksAgainst;

    /// <summary>Declares the assembly's driver.</summary>
    /// <param name="kind">The driver's role.</param>
    /// <param name="baseName">The image base name without extension, e.g. <c>diskdump</c> or <c>LSI_SAS</c>: 1 to
    /// <see cref="DumpContract.MaximumBaseNameLength"/> letters, digits and '_', starting with a letter.</param>
    /// <param name="version">The driver's own version, e.g. <c>1.0</c>.</param>
    /// <param name="contractMajor">Contract major version; leave at its default.</param>
    /// <param name="contractMinor">Contract minor version; leave at its default.</param>
    public DumpDriverAttribute(DriverKind kind, string baseName, string version, int contractMajor = DumpContract.MajorVersion, int contractMinor = DumpContract.MinorVersion)
    {
        Kind = kind;
        BaseName = baseName;
        Version = version;
        ContractMajor = contractMajor;
        ContractMinor = contractMinor;
    }

    /// <summary>The driver's role.</summary>
    public DriverKind Kind { get; }

    /// <summary>The image base name.</summary>
    public string BaseName { get; }

    /// <summary>The driver's own version, as written (<c>major.minor[.build[.revision]]</c>).</summary>
    public string Version { get; }

    /// <summary>The contract major version the driver was compiled against.</summary>
    public int ContractMajor { get; }

    /// <summary>The contract minor version the driver was compiled against.</summary>
    public int ContractMinor { get; }

    /// <summary>For a miniport (required): the port interface it imports from. Ports and filters leave it unset.</summary>
    /// <exception cref="InvalidOperationException">Read while unset.</exception>
    public PortInterface LinksAgainst
    {
        get => _linksAgainst ?? throw new InvalidOperationException($"{BaseName} does not set {nameof(LinksAgainst)}.");
        set => _linksAgainst = value;
    }

    /// <summary>For a port (required): the port interfaces it exports (diskdump exports scsiport and storport).</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "An attribute argument can only be an array.")]
    public PortInterface[] Exports { get; set; } = [];

    /// <summary>Operations this driver does not implement (yet). Listings mark them.</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "An attribute argument can only be an array.")]
    public string[] NotImplemented { get; set; } = [];

    /// <summary>A one-line description for listings.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>The port interface the driver links against, or <see langword="null"/> when unset.</summary>
    internal PortInterface? LinksAgainstOrNull => _linksAgainst;
}
