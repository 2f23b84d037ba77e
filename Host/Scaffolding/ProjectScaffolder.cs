namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// <c>dumpstack new</c>: checks the request, renders the project's templates and writes the project. Every check
/// happens before anything is written, and the writing itself is staged (<see cref="StagedOutput"/>).
/// </summary>
internal static class ProjectScaffolder
{
    /// <summary>The result of a scaffold: where the project went and what it holds.</summary>
    /// <param name="Directory">The project folder.</param>
    /// <param name="ProjectName">The project name (<c>Vendor.Name</c>).</param>
    /// <param name="Files">The generated files.</param>
    public sealed record Result(string Directory, string ProjectName, IReadOnlyList<RenderedFile> Files);

    /// <summary>Generates the project.</summary>
    /// <param name="request">What to generate.</param>
    /// <param name="currentDirectory">The folder relative paths are relative to.</param>
    /// <returns>Where it went and what it holds.</returns>
    /// <exception cref="ScaffoldException">Invalid input, or the project could not be written; nothing was left behind.</exception>
    public static Result Scaffold(ScaffoldRequest request, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (target, projectName, files) = Plan(request, currentDirectory);
        StagedOutput.Write(target, files, request.Force);
        return new Result(target, projectName, files);
    }

    /// <summary>Checks the request and renders the files without writing anything.</summary>
    /// <exception cref="ScaffoldException">Invalid input.</exception>
    public static (string Target, string ProjectName, IReadOnlyList<RenderedFile> Files) Plan(ScaffoldRequest request, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        ScaffoldNames.Validate(request.Vendor, request.Name);
        var link = request.Kind == ScaffoldKind.Filter ? ResolveFilterCarrier(request.Links, request.Language)
            : request.Language == ScaffoldLanguage.C ? ResolveNativeLink(request.Links)
            : ResolveLink(request.Links);
        string projectName = request.Vendor + "." + request.Name;
        string target = StagedOutput.Normalize(Path.GetFullPath(request.OutputDirectory ?? projectName, currentDirectory));
        StagedOutput.CheckTarget(target, request.Force);

        // A feed given on the command line is relative to where the command ran; the generated nuget.config is
        // elsewhere, so it gets the absolute path. The default stays relative to the project.
        string feed = request.Feed is null ? ScaffoldVersions.DefaultFeed : Path.GetFullPath(request.Feed, currentDirectory);
        return (target, projectName, ProjectContent.Render(request.Kind, request.Language, link, projectName, request.Vendor, request.Name, feed, request.Name.ToUpperInvariant()));
    }

    /// <summary>The links whose templates exist and whose built-in driver's source is embedded, i.e. that a generated
    /// miniport can start from.</summary>
    public static IReadOnlyList<LinkTemplate> AvailableLinks =>
        [.. LinkTemplate.All.Where(link => TemplateLibrary.HasFolder(link.Folder) && BuiltInDriverSource.DriverFiles(link).Count > 0)];

    private static LinkTemplate ResolveLink(string? name)
    {
        var available = AvailableLinks;
        if (name is null)
        {
            return available.Count > 0 ? available[0] : throw new ScaffoldException("no miniport template is available in this build");
        }

        var link = LinkTemplate.Find(name)
            ?? throw new ScaffoldException($"--links '{name}' is not a port interface (known: {string.Join(", ", LinkTemplate.All.Select(l => l.Name))})");
        if (!available.Contains(link))
        {
            throw new ScaffoldException($"--links {link.Name} is not available yet: this build has no template for it (it would start from a renamed copy of the built-in {link.BuiltInDriver} driver on the {link.ControllerModel} model); available: {string.Join(", ", available.Select(l => l.Name))}");
        }

        return link;
    }

    private static LinkTemplate ResolveNativeLink(string? name)
    {
        var links = NativeDriverSource.Links;
        if (name is null)
        {
            return links[0];
        }

        var link = LinkTemplate.Find(name)
            ?? throw new ScaffoldException($"--links '{name}' is not a port interface (known: {string.Join(", ", LinkTemplate.All.Select(l => l.Name))})");
        return links.Contains(link)
            ? link
            : throw new ScaffoldException($"--links {link.Name} is not available with --lang c: the C sample is a Storport and ScsiPort miniport (available: {string.Join(", ", links.Select(l => l.Name))})");
    }

    private static LinkTemplate ResolveFilterCarrier(string? links, ScaffoldLanguage language)
    {
        if (language != ScaffoldLanguage.CSharp)
        {
            throw new ScaffoldException("--lang c is for miniports: a filter is a C# plugin");
        }

        if (links is not null)
        {
            throw new ScaffoldException("--links is for miniports: a filter sits above the port and links against none");
        }

        return LinkTemplate.FilterCarrier;
    }
}
