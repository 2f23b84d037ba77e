namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// The names a driver's source is written with, which is all that makes a built-in driver's source the built-in's: the
/// rename map from a built-in to a generated driver replaces each of them (see <see cref="DriverSourceRenamer"/>).
/// </summary>
/// <param name="TypePrefix">The prefix of the driver's own type and file names (<c>LsiSas</c> in <c>LsiSasMiniport</c>).</param>
/// <param name="BaseName">The image base name (<c>LSI_SAS</c>: <c>LSI_SAS.sys</c>, loaded as <c>dump_LSI_SAS</c>).</param>
/// <param name="Namespace">The namespace of every type (<c>DumpFramework.Plugins.MiniportLsiSas</c>).</param>
/// <param name="PluginType">The DriverEntry type (<c>MiniportLsiSasPlugin</c>).</param>
internal sealed record DriverNames(string TypePrefix, string BaseName, string Namespace, string PluginType)
{
    /// <summary>The names of a generated driver: its base name prefixes its types and files, its project name is its
    /// namespace, and its DriverEntry is <c>&lt;base name&gt;Plugin</c>.</summary>
    /// <param name="projectName">The project name (<c>Vendor.Name</c>).</param>
    /// <param name="baseName">The driver's base name.</param>
    public static DriverNames ForProject(string projectName, string baseName) =>
        new(baseName, baseName, projectName, baseName + "Plugin");
}
