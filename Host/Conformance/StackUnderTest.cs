using DumpFramework.Hardware.Controllers;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Conformance;

/// <summary>
/// The stack a conformance run tests, as its manifest names it: the manifest (its text, for variants), the controller
/// model from the registry and the plugin catalog. Scenarios ask it which knobs exist.
/// </summary>
internal sealed class StackUnderTest
{
    public StackUnderTest(StackManifest manifest, string text, PluginCatalog catalog)
    {
        Manifest = manifest;
        Text = text;
        Catalog = catalog;
        Model = ControllerModels.Find(manifest.Controller.Model)
            ?? throw new ManifestException(manifest.Controller.Location, $"controller model '{manifest.Controller.Model}' has no emulation");
    }

    public StackManifest Manifest { get; }

    /// <summary>The manifest's text as read: every variant starts from it.</summary>
    public string Text { get; }

    public PluginCatalog Catalog { get; }

    public ControllerModel Model { get; }

    /// <summary>Loads the stack at <paramref name="path"/>.</summary>
    /// <exception cref="ManifestException">The manifest is not valid.</exception>
    public static StackUnderTest Load(string path, PluginCatalog catalog)
    {
        string text = ManifestFile.ReadText(path);
        return new StackUnderTest(StackManifestLoader.Parse(text, path), text, catalog);
    }

    /// <summary>A fresh variant of the manifest to edit.</summary>
    public ManifestVariant NewVariant() => ManifestVariant.Parse(Text, Manifest.FilePath);

    /// <summary>Whether the port plugin declares setting <paramref name="key"/>.</summary>
    public bool PortHasSetting(string key) =>
        Catalog.Find(Manifest.Port.BaseName)?.Settings.Any(s => string.Equals(s.Key, key, StringComparison.Ordinal)) == true;
}
