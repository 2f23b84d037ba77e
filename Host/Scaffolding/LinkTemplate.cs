using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// A miniport's port interface as a template choice: which built-in port binds it, and which built-in driver and
/// emulated controller the generated miniport starts from. Its templates live in <c>templates/miniport/&lt;Name&gt;/</c>;
/// a link whose folder is absent is known but not available yet.
/// </summary>
/// <param name="Interface">The port interface.</param>
/// <param name="Port">The built-in dump port exporting it.</param>
/// <param name="BuiltInDriver">Base name of the built-in miniport the generated code is a copy of.</param>
/// <param name="ControllerModel">The manifest's controller model that driver runs on.</param>
internal sealed record LinkTemplate(PortInterface Interface, string Port, string BuiltInDriver, string ControllerModel)
{
    /// <summary>The link as <c>--links</c> spells it: <c>storport</c>, <c>scsiport</c>, <c>ataport</c>.</summary>
    public string Name => Interface.ToImageName();

    /// <summary>Where the link's templates live, relative to the template root.</summary>
    public string Folder => "miniport/" + Name;

    /// <summary>Every port interface a miniport can link against, with the simplest built-in driver for it.</summary>
    public static IReadOnlyList<LinkTemplate> All { get; } =
    [
        new(PortInterface.StorPort, "diskdump", "LSI_SAS", "lsi-sas1068"),
        new(PortInterface.ScsiPort, "diskdump", "vmscsi", "pvscsi"),
        new(PortInterface.AtaPort, "dumpata", "atapi", "piix-ide"),
    ];

    /// <summary>The link filters are shown on: the storport path through the built-in LSI_SAS driver.</summary>
    public static LinkTemplate FilterCarrier => All[0];

    public static LinkTemplate? Find(string name) =>
        All.FirstOrDefault(link => string.Equals(link.Name, name, StringComparison.OrdinalIgnoreCase));
}
