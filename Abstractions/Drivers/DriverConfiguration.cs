namespace DumpFramework.Abstractions.Drivers;

/// <summary>What the host tells a plugin when it registers its driver into a stack.</summary>
public sealed class DriverConfiguration
{
    /// <summary>Creates a configuration.</summary>
    /// <param name="loadName">The module name the driver is loaded under (e.g. <c>dump_storport</c>).</param>
    /// <param name="settings">The driver's settings from the stack manifest.</param>
    /// <param name="manifestDirectory">The folder of the manifest, for resolving relative paths in settings.</param>
    public DriverConfiguration(string loadName, IReadOnlyDictionary<string, string> settings, string manifestDirectory)
    {
        LoadName = loadName;
        Settings = settings;
        ManifestDirectory = manifestDirectory;
    }

    /// <summary>The module name the driver is loaded under, such as <c>dump_storport</c> or <c>dump_LSI_SAS</c>.</summary>
    public string LoadName { get; }

    /// <summary>Settings from the manifest (keys as written there).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The manifest's folder; relative paths in settings are relative to it.</summary>
    public string ManifestDirectory { get; }

    /// <summary>Resolves a path setting relative to <see cref="ManifestDirectory"/>.</summary>
    /// <param name="path">A path as written in the manifest.</param>
    /// <returns>The absolute path.</returns>
    public string ResolvePath(string path) => Path.GetFullPath(path, ManifestDirectory);
}
