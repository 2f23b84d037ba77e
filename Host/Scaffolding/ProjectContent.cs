namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// What a generated project is made of, for <c>dumpstack new</c> and the <c>dotnet new</c> pack alike: its templates
/// rendered, and for a miniport the built-in driver's source renamed to the project's names (for a C miniport, the C
/// sample's source renamed and the SDK headers).
/// </summary>
internal static class ProjectContent
{
    /// <summary>Renders the files of one project.</summary>
    /// <param name="kind">Miniport or filter.</param>
    /// <param name="language">C# or, for a miniport, C.</param>
    /// <param name="link">The miniport's link, or for a filter the built-in path it is shown on.</param>
    /// <param name="projectName">Project, assembly, plugin folder and namespace: <c>Vendor.Name</c>.</param>
    /// <param name="vendor">The vendor.</param>
    /// <param name="baseName">The driver's base name.</param>
    /// <param name="feed">The local package feed.</param>
    /// <param name="baseNameUpper">The base name in upper case (C macros and header guards).</param>
    /// <returns>The files, with paths relative to the project folder.</returns>
    /// <exception cref="InvalidOperationException">A template is broken, or two files would have one path (a template
    /// duplicating a file the built-in driver already gives).</exception>
    public static IReadOnlyList<RenderedFile> Render(ScaffoldKind kind, ScaffoldLanguage language, LinkTemplate link, string projectName, string vendor, string baseName, string feed, string baseNameUpper)
    {
        ArgumentNullException.ThrowIfNull(link);
        var variables = ScaffoldVariables.For(kind, projectName, vendor, baseName, link, feed, baseNameUpper);
        List<RenderedFile> files = [.. TemplateRenderer.Render(ScaffoldVariables.TemplatesFor(kind, language, link), variables)];
        if (kind == ScaffoldKind.Miniport && language == ScaffoldLanguage.C)
        {
            files.AddRange(NativeDriverSource.Render(NativeNames.For(baseName, baseNameUpper)));
        }
        else if (kind == ScaffoldKind.Miniport)
        {
            files.AddRange(BuiltInDriverSource.Render(link, DriverNames.ForProject(projectName, baseName), projectName));
        }

        var duplicate = files.GroupBy(f => f.Path, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"{duplicate.Key} is both a template and a file of the built-in {link.BuiltInDriver} driver");
        }

        return files;
    }
}
