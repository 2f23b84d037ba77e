using System.Text;
using System.Text.RegularExpressions;
using DumpFramework.Host.Scaffolding;

namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>
/// The C sample (Native/samples/lsisas) is the single source of a generated C miniport, as the built-in drivers are of a
/// C# one: rendering with the sample's own names gives the sample byte for byte, a generated driver keeps none of the
/// sample's names and renaming back loses nothing, the SDK headers are copied unchanged, and no template repeats the
/// sample. Fast (GeneratedProjectTests builds and runs the generated projects).
/// </summary>
[TestClass]
public sealed class NativeDriverSourceTests
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Names the sample does not contain, distinct per slot, so a round trip shows what the rename touched.</summary>
    private static readonly NativeNames Sentinel = new("qzbase", "Qzfunc", "QZMACRO", "QZGUARD");

    [TestMethod]
    public void Rendering_with_the_samples_names_gives_the_sample_byte_for_byte()
    {
        var onDisk = FilesOnDisk(Path.Combine("Native", "samples", "lsisas"), "src/");
        var rendered = NativeDriverSource.Render(NativeNames.Sample)
            .Where(f => f.Path.StartsWith("src/", StringComparison.Ordinal))
            .ToDictionary(f => f.Path, f => Utf8NoBom.GetBytes(f.Content), StringComparer.Ordinal);

        CollectionAssert.AreEqual(onDisk.Keys.ToList(), rendered.Keys.Order(StringComparer.Ordinal).ToList(), "the rendered C files are not the sample's (rebuild the host after adding a file?)");
        foreach (var (path, bytes) in onDisk)
        {
            CollectionAssert.AreEqual(bytes, rendered[path], $"{path} differs from Native/samples/lsisas");
        }
    }

    [TestMethod]
    public void The_SDK_headers_are_copied_unchanged()
    {
        var onDisk = FilesOnDisk(Path.Combine("Native", "sdk", "include"), "sdk/include/");
        var rendered = NativeDriverSource.Render(NativeNames.For("Raid"))
            .Where(f => f.Path.StartsWith("sdk/", StringComparison.Ordinal))
            .ToDictionary(f => f.Path, f => Utf8NoBom.GetBytes(f.Content), StringComparer.Ordinal);

        CollectionAssert.AreEqual(onDisk.Keys.ToList(), rendered.Keys.Order(StringComparer.Ordinal).ToList());
        foreach (var (path, bytes) in onDisk)
        {
            CollectionAssert.AreEqual(bytes, rendered[path], $"{path} differs from Native/sdk/include");
        }
    }

    [TestMethod]
    public void Renaming_replaces_every_sample_name_and_renaming_back_gives_the_sample()
    {
        var sample = NativeDriverSource.Render(NativeNames.Sample);
        var renamed = NativeDriverSource.Render(Sentinel);

        // Nothing of the sample's identity is left; LSI_SAS and MiniportLsiSas (the C# built-in, in a remark) and
        // "LSI SAS1068" (the controller, in words) are not names of the driver.
        var leftover = new Regex(@"\blsisas\b|\bLSISAS_|\bLsi[A-Z]|(?<![A-Za-z0-9])[P_D]?LSI_(?!SAS\b)", RegexOptions.CultureInvariant);
        foreach (var file in renamed.Where(f => f.Path.StartsWith("src/", StringComparison.Ordinal)))
        {
            Assert.IsFalse(leftover.IsMatch(file.Path), $"{file.Path} keeps a sample name");
            var match = leftover.Match(file.Content);
            Assert.IsFalse(match.Success, $"{file.Path} keeps the sample name '{match.Value}' at {match.Index}");
        }

        string source = renamed.Single(f => f.Path == "src/qzbase.c").Content;
        foreach (string expected in new[] { "QzfuncFindAdapter", "#ifdef QZMACRO_SCSIPORT", "PQZMACRO_EXTENSION", "_QZMACRO_EXTENSION", "-DQZMACRO_SCSIPORT", "\"qzbase: " })
        {
            Assert.Contains(expected, source);
        }

        Assert.Contains("#define QZGUARD_MPI_H", renamed.Single(f => f.Path == "src/mpi.h").Content);

        var back = renamed.Select(f => new RenderedFile(NativeSourceRenamer.Rename(f.Path, Sentinel, NativeNames.Sample), NativeSourceRenamer.Rename(f.Content, Sentinel, NativeNames.Sample))).ToList();
        CollectionAssert.AreEqual(sample.ToList(), back, "renaming there and back changed the source");
    }

    [TestMethod]
    public void No_native_template_repeats_the_sample()
    {
        string root = RepositoryRoot.Require();
        var sampleLines = new HashSet<string>(
            Directory.EnumerateFiles(Path.Combine(root, "Native", "samples", "lsisas")).SelectMany(File.ReadAllLines).Select(l => l.Trim()).Where(l => l.Length > 20),
            StringComparer.Ordinal);
        foreach (string template in Directory.EnumerateFiles(Path.Combine(root, "templates", "native"), "*.sbn", SearchOption.AllDirectories))
        {
            var repeated = File.ReadAllLines(template).Select(l => l.Trim()).Where(sampleLines.Contains).ToList();
            Assert.IsEmpty(repeated, $"{Path.GetRelativePath(root, template)} repeats lines of the C sample: render it from Native/samples instead");
        }
    }

    private static SortedDictionary<string, byte[]> FilesOnDisk(string folder, string prefix)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Require(), folder)))
        {
            files.Add(prefix + Path.GetFileName(path), File.ReadAllBytes(path));
        }

        return files;
    }
}
