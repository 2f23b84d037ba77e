using System.Text;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// The Scriban templates of the repository's <c>templates/</c> folder, embedded in the host (resource names
/// <c>templates/&lt;path&gt;</c>). With the built-in drivers' source (<see cref="BuiltInDriverSource"/>) they are the one
/// source of both <c>dumpstack new</c> and the <c>dotnet new</c> pack.
/// </summary>
internal static class TemplateLibrary
{
    private const string ResourcePrefix = "templates/";
    private const string TemplateExtension = ".sbn";

    private static readonly Lazy<IReadOnlyList<TemplateFile>> Files = new(Load);

    /// <summary>Every template.</summary>
    public static IReadOnlyList<TemplateFile> All => Files.Value;

    /// <summary>The templates under <paramref name="folder"/>, with paths made relative to it.</summary>
    /// <param name="folder">A folder below the template root, e.g. <c>shared</c> or <c>miniport/storport</c>.</param>
    public static IReadOnlyList<TemplateFile> Under(string folder)
    {
        string prefix = folder.TrimEnd('/') + "/";
        return [.. All.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f with { Path = f.Path[prefix.Length..] })];
    }

    /// <summary>Whether any template lives under <paramref name="folder"/>.</summary>
    public static bool HasFolder(string folder) => Under(folder).Count > 0;

    /// <summary>Strips the template extension from a rendered path.</summary>
    public static string OutputPath(string renderedPath) =>
        renderedPath.EndsWith(TemplateExtension, StringComparison.Ordinal) ? renderedPath[..^TemplateExtension.Length] : renderedPath;

    private static IReadOnlyList<TemplateFile> Load()
    {
        var assembly = typeof(TemplateLibrary).Assembly;
        var files = new List<TemplateFile>();
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            // MSBuild writes RecursiveDir with the build machine's separator.
            string path = resource.Replace('\\', '/');
            if (!path.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !path.EndsWith(TemplateExtension, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"embedded template {resource} cannot be opened");
            using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true);
            files.Add(new TemplateFile(path[ResourcePrefix.Length..], reader.ReadToEnd()));
        }

        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }
}
