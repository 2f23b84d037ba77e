using System.Text;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// The built-in miniports' C# sources (<c>Plugins/Miniport*/**/*.cs</c>), embedded in the host at build time (resource
/// names <c>builtin/&lt;project&gt;/&lt;path&gt;</c>). A generated miniport's driver files are these, renamed: the
/// built-in drivers are the single source, so a fix to one reaches every project generated after it.
/// </summary>
internal static class BuiltInDriverSource
{
    private const string ResourcePrefix = "builtin/";

    private static readonly Lazy<IReadOnlyList<RenderedFile>> Files = new(Load);

    /// <summary>Every embedded source file, with its path below <c>Plugins/</c> ('/' separators).</summary>
    public static IReadOnlyList<RenderedFile> All => Files.Value;

    /// <summary>The driver files of <paramref name="link"/>'s built-in driver, with paths relative to its project
    /// folder: every source file except the DriverEntry, which the templates write (it carries the generated
    /// driver's identity and registration).</summary>
    public static IReadOnlyList<RenderedFile> DriverFiles(LinkTemplate link)
    {
        ArgumentNullException.ThrowIfNull(link);
        string prefix = link.SourceProject + "/";
        string entry = link.BuiltIn.PluginType + ".cs";
        return [.. All
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => f with { Path = f.Path[prefix.Length..] })
            .Where(f => f.Path != entry)];
    }

    /// <summary>The driver files of <paramref name="link"/> renamed to <paramref name="names"/>, below
    /// <c>src/&lt;project folder&gt;/</c>.</summary>
    /// <param name="link">The link whose built-in driver is the source.</param>
    /// <param name="names">The generated driver's names (the built-in's own give back the built-in's files).</param>
    /// <param name="projectFolder">The project's folder name below <c>src/</c>.</param>
    public static IReadOnlyList<RenderedFile> Render(LinkTemplate link, DriverNames names, string projectFolder)
    {
        ArgumentNullException.ThrowIfNull(link);
        return [.. DriverFiles(link).Select(f => new RenderedFile(
            $"src/{projectFolder}/{DriverSourceRenamer.Rename(f.Path, link.BuiltIn, names)}",
            DriverSourceRenamer.Rename(f.Content, link.BuiltIn, names)))];
    }

    private static IReadOnlyList<RenderedFile> Load()
    {
        var assembly = typeof(BuiltInDriverSource).Assembly;
        var files = new List<RenderedFile>();
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            // MSBuild writes RecursiveDir with the build machine's separator.
            string path = resource.Replace('\\', '/');
            if (!path.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"embedded driver source {resource} cannot be opened");

            // A byte order mark stays in the text: rendering with the built-in's names must give back its file exactly.
            using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: false);
            files.Add(new RenderedFile(path[ResourcePrefix.Length..], reader.ReadToEnd()));
        }

        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }
}
