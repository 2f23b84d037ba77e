using System.Text;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// What a C miniport project is made of besides its templates: the C sample miniport (<c>Native/samples/lsisas</c>,
/// resources <c>native/sample/&lt;file&gt;</c>) renamed to the project's names, and a copy of the SDK headers
/// (<c>Native/sdk/include</c>, resources <c>native/sdk/&lt;file&gt;</c>), so the project builds with nothing but its own
/// folder and a C compiler. As for C#, the sample is the single source: a fix to it reaches every project generated
/// after it.
/// </summary>
internal static class NativeDriverSource
{
    private const string SamplePrefix = "native/sample/";
    private const string SdkPrefix = "native/sdk/";

    /// <summary>The port the C sample runs under, for both links.</summary>
    public const string Port = "diskdump";

    /// <summary>The controller model the C sample drives.</summary>
    public const string ControllerModel = "lsi-sas1068";

    /// <summary>The folder of the C project's templates, relative to the template root.</summary>
    public const string TemplateFolder = "native";

    private static readonly Lazy<IReadOnlyList<RenderedFile>> Resources = new(Load);

    /// <summary>The C sample's files (<c>lsisas.c</c>, <c>mpi.h</c>).</summary>
    public static IReadOnlyList<RenderedFile> SampleFiles => Files(SamplePrefix);

    /// <summary>The SDK headers.</summary>
    public static IReadOnlyList<RenderedFile> SdkFiles => Files(SdkPrefix);

    /// <summary>The links a C miniport can be generated for: the SRB links the sample is written for (one source,
    /// Storport by default, ScsiPort with <c>-D&lt;NAME&gt;_SCSIPORT</c>).</summary>
    public static IReadOnlyList<LinkTemplate> Links =>
        [.. LinkTemplate.All.Where(link => link.Interface is PortInterface.StorPort or PortInterface.ScsiPort)];

    /// <summary>The sample renamed to <paramref name="names"/> below <c>src/</c>, and the SDK below <c>sdk/include/</c>.</summary>
    /// <param name="names">The generated driver's names (the sample's own give back the sample's files).</param>
    public static IReadOnlyList<RenderedFile> Render(NativeNames names) =>
    [
        .. SampleFiles.Select(f => new RenderedFile(
            "src/" + NativeSourceRenamer.Rename(f.Path, NativeNames.Sample, names),
            NativeSourceRenamer.Rename(f.Content, NativeNames.Sample, names))),
        .. SdkFiles.Select(f => f with { Path = "sdk/include/" + f.Path }),
    ];

    private static IReadOnlyList<RenderedFile> Files(string prefix) =>
        [.. Resources.Value.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f with { Path = f.Path[prefix.Length..] })];

    private static IReadOnlyList<RenderedFile> Load()
    {
        var assembly = typeof(NativeDriverSource).Assembly;
        var files = new List<RenderedFile>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith("native/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"embedded native source {resource} cannot be opened");

            // Kept as written, byte order mark and all: rendering with the sample's names must give back its file exactly.
            using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: false);
            files.Add(new RenderedFile(resource, reader.ReadToEnd()));
        }

        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }
}
