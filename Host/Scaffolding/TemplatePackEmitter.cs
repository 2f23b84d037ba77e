using Scriban.Runtime;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// Writes the content of the <c>dotnet new</c> template pack: the same files <c>dumpstack new</c> writes (templates and
/// the renamed built-in driver), with dotnet-new placeholders instead of the user's values (the template engine
/// substitutes those at instantiation), plus each template's <c>.template.config/template.json</c> from
/// <c>templates/pack/</c>.
/// </summary>
/// <remarks>
/// Layout: <c>dumpminiport/&lt;link&gt;/…</c> per available link (chosen by the <c>--links</c> symbol),
/// <c>dumpminiport-c/&lt;link&gt;/…</c> for the C miniport (the same short name, language C) and <c>dumpfilter/…</c>. The placeholders: <see cref="SourceName"/> for the project name (dotnet new's <c>-n</c>), and
/// tokens for the vendor and base name (derived from the first and last dot-separated parts of <c>-n</c>), the base
/// name in upper case (C macros) and the feed.
/// Templates may only use these values verbatim: a derived form (say, lower case) would not be substituted.
/// </remarks>
internal static class TemplatePackEmitter
{
    /// <summary>The template's <c>sourceName</c>: stands for the project name.</summary>
    public const string SourceName = "Company.Driver";

    /// <summary>Stands for the vendor.</summary>
    public const string VendorToken = "VendorNameToken";

    /// <summary>Stands for the driver's base name, in contents and file names.</summary>
    public const string BaseNameToken = "DriverBaseNameToken";

    /// <summary>Stands for the driver's base name in upper case (C macros and header guards); dotnet new derives it
    /// from <c>-n</c> as well.</summary>
    public const string BaseNameUpperToken = "DRIVERBASENAMETOKEN";

    /// <summary>Stands for the local feed.</summary>
    public const string FeedToken = "FeedPathToken";

    /// <summary>Short names of the templates, as <c>dotnet new</c> takes them.</summary>
    public const string MiniportShortName = "dumpminiport";

    /// <summary>See <see cref="MiniportShortName"/>.</summary>
    public const string FilterShortName = "dumpfilter";

    /// <summary>The folder of the C miniport template: the same short name and group as <see cref="MiniportShortName"/>,
    /// language <c>C</c> (<c>dotnet new dumpminiport -lang C</c>).</summary>
    public const string NativeMiniportFolder = "dumpminiport-c";

    /// <summary>Renders the pack content into <paramref name="directory"/> (staged like a project).</summary>
    /// <param name="directory">The content folder.</param>
    /// <param name="force">Write into an existing folder.</param>
    /// <returns>The files written, relative to <paramref name="directory"/>.</returns>
    /// <exception cref="ScaffoldException">The folder exists without <paramref name="force"/> or cannot be written.</exception>
    public static IReadOnlyList<RenderedFile> Emit(string directory, bool force)
    {
        var links = ProjectScaffolder.AvailableLinks;
        var files = new List<RenderedFile>();
        foreach (var link in links)
        {
            files.AddRange(Prefix($"{MiniportShortName}/{link.Name}/", ProjectContent.Render(ScaffoldKind.Miniport, ScaffoldLanguage.CSharp, link, SourceName, VendorToken, BaseNameToken, FeedToken, BaseNameUpperToken)));
        }

        foreach (var link in NativeDriverSource.Links)
        {
            files.AddRange(Prefix($"{NativeMiniportFolder}/{link.Name}/", ProjectContent.Render(ScaffoldKind.Miniport, ScaffoldLanguage.C, link, SourceName, VendorToken, BaseNameToken, FeedToken, BaseNameUpperToken)));
        }

        files.AddRange(Prefix(FilterShortName + "/", ProjectContent.Render(ScaffoldKind.Filter, ScaffoldLanguage.CSharp, LinkTemplate.FilterCarrier, SourceName, VendorToken, BaseNameToken, FeedToken, BaseNameUpperToken)));

        var packVariables = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["source_name"] = SourceName,
            ["vendor_token"] = VendorToken,
            ["base_name_token"] = BaseNameToken,
            ["feed_token"] = FeedToken,
            ["base_name_upper_token"] = BaseNameUpperToken,
            ["default_feed"] = ScaffoldVersions.DefaultFeed,
            ["version"] = ScaffoldVersions.Abstractions,
            ["links"] = links.Select(LinkObject).ToList(),
            ["native_links"] = NativeDriverSource.Links.Select(LinkObject).ToList(),
            ["native_controller_model"] = NativeDriverSource.ControllerModel,
        };
        foreach (string folder in new[] { MiniportShortName, NativeMiniportFolder, FilterShortName })
        {
            var template = TemplateLibrary.Under("pack").Single(t => t.Path == folder + ".template.json.sbn");
            files.Add(new RenderedFile($"{folder}/.template.config/template.json", TemplateRenderer.RenderText(template.Text, "pack/" + template.Path, packVariables)));
        }

        StagedOutput.Write(Path.GetFullPath(directory), files, force);
        return files;
    }

    private static IEnumerable<RenderedFile> Prefix(string prefix, IEnumerable<RenderedFile> files) =>
        files.Select(f => f with { Path = prefix + f.Path });

    private static ScriptObject LinkObject(LinkTemplate link) => new()
    {
        ["name"] = link.Name,
        ["port"] = link.Port,
        ["builtin_driver"] = link.BuiltInDriver,
        ["controller_model"] = link.ControllerModel,
    };
}
