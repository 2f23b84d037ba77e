namespace DumpFramework.Host.Scaffolding;

/// <summary>The variables the project templates use, by their snake_case template names.</summary>
internal static class ScaffoldVariables
{
    /// <summary>The variables for one generated project.</summary>
    /// <param name="kind">Miniport or filter.</param>
    /// <param name="projectName">Project, assembly, plugin folder and namespace: <c>Vendor.Name</c>.</param>
    /// <param name="vendor">The vendor.</param>
    /// <param name="baseName">The driver's base name.</param>
    /// <param name="link">The miniport's link, or for a filter the built-in path it is shown on.</param>
    /// <param name="feed">The local package feed.</param>
    /// <param name="baseNameUpper">The base name in upper case, for C macros (a placeholder of its own in the pack).</param>
    public static IReadOnlyDictionary<string, object> For(ScaffoldKind kind, string projectName, string vendor, string baseName, LinkTemplate link, string feed, string baseNameUpper) =>
        new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["kind"] = kind == ScaffoldKind.Miniport ? "miniport" : "filter",
            ["project_name"] = projectName,
            ["vendor"] = vendor,
            ["base_name"] = baseName,
            ["base_name_upper"] = baseNameUpper,
            ["links"] = link.Name,
            ["port_interface"] = link.Interface.ToString(),
            ["port"] = link.Port,
            ["builtin_driver"] = link.BuiltInDriver,
            ["controller_model"] = link.ControllerModel,
            ["feed"] = feed,
            ["abstractions_version"] = ScaffoldVersions.Abstractions,
            ["di_version"] = ScaffoldVersions.DependencyInjection,
            ["mstest_sdk_version"] = ScaffoldVersions.MSTestSdk,
            ["sdk_version"] = ScaffoldVersions.DotNetSdk,
        };

    /// <summary>The templates a project of <paramref name="kind"/> is made of, relative to its output folder.</summary>
    public static IReadOnlyList<TemplateFile> TemplatesFor(ScaffoldKind kind, ScaffoldLanguage language, LinkTemplate link) =>
        kind == ScaffoldKind.Filter ? [.. TemplateLibrary.Under("shared"), .. TemplateLibrary.Under("filter")]
        : language == ScaffoldLanguage.C ? TemplateLibrary.Under(NativeDriverSource.TemplateFolder)
        : [.. TemplateLibrary.Under("shared"), .. link.Folders.SelectMany(TemplateLibrary.Under)];
}
