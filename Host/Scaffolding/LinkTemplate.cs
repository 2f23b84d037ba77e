using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// A miniport's port interface as a template choice: which built-in port binds it, and which built-in driver and
/// emulated controller the generated miniport starts from. The generated driver files are that built-in driver's
/// source renamed (<see cref="BuiltIn"/> to the project's names, see <see cref="DriverSourceRenamer"/>); the rest comes
/// from the templates in <see cref="Folders"/>. A link whose own template folder is absent is known but not available yet.
/// </summary>
/// <param name="Interface">The port interface.</param>
/// <param name="Port">The built-in dump port exporting it.</param>
/// <param name="ControllerModel">The manifest's controller model the built-in driver runs on.</param>
/// <param name="SourceProject">The built-in driver's project folder below <c>Plugins/</c>.</param>
/// <param name="BuiltIn">The names the built-in driver's source is written with: the rename map's left side.</param>
internal sealed record LinkTemplate(PortInterface Interface, string Port, string ControllerModel, string SourceProject, DriverNames BuiltIn)
{
    /// <summary>The link as <c>--links</c> spells it: <c>storport</c>, <c>scsiport</c>, <c>ataport</c>.</summary>
    public string Name => Interface.ToImageName();

    /// <summary>Base name of the built-in miniport the generated driver is a renamed copy of.</summary>
    public string BuiltInDriver => BuiltIn.BaseName;

    /// <summary>Where the link's own templates live, relative to the template root.</summary>
    public string Folder => "miniport/" + Name;

    /// <summary>The template folders a miniport on this link is rendered from: what every miniport has
    /// (<c>miniport/common</c>), what the SRB links share, parameterized by <c>links</c> (<c>miniport/srb</c>: storport
    /// and scsiport miniports are both <c>IScsiMiniport</c>s), and the link's own.</summary>
    public IReadOnlyList<string> Folders =>
        Interface == PortInterface.AtaPort ? ["miniport/common", Folder] : ["miniport/common", "miniport/srb", Folder];

    /// <summary>Every port interface a miniport can link against, with the simplest built-in driver for it. The rename
    /// map of each: type prefix, base name, namespace and DriverEntry type of the built-in source.</summary>
    public static IReadOnlyList<LinkTemplate> All { get; } =
    [
        new(PortInterface.StorPort, "diskdump", "lsi-sas1068", "MiniportLsiSas",
            new DriverNames(TypePrefix: "LsiSas", BaseName: "LSI_SAS", Namespace: "DumpFramework.Plugins.MiniportLsiSas", PluginType: "MiniportLsiSasPlugin")),
        new(PortInterface.ScsiPort, "diskdump", "buslogic-bt958", "MiniportVmScsi",
            new DriverNames(TypePrefix: "VmScsi", BaseName: "vmscsi", Namespace: "DumpFramework.Plugins.MiniportVmScsi", PluginType: "MiniportVmScsiPlugin")),
        new(PortInterface.AtaPort, "dumpata", "piix-ide", "MiniportAtapi",
            new DriverNames(TypePrefix: "Atapi", BaseName: "atapi", Namespace: "DumpFramework.Plugins.MiniportAtapi", PluginType: "MiniportAtapiPlugin")),
    ];

    /// <summary>The link filters are shown on: the storport path through the built-in LSI_SAS driver.</summary>
    public static LinkTemplate FilterCarrier => All[0];

    public static LinkTemplate? Find(string name) =>
        All.FirstOrDefault(link => string.Equals(link.Name, name, StringComparison.OrdinalIgnoreCase));
}
