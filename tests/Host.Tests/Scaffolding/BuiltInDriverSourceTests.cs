using System.Text;
using System.Text.RegularExpressions;
using DumpFramework.Host.Scaffolding;

namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>
/// The built-in drivers are the single source of the scaffolding: a generated miniport's driver files are the built-in's
/// source renamed, nothing in <c>templates/</c> repeats driver code from <c>Plugins/</c>, and the built-in source can
/// be renamed into another namespace at all. Fast (no build of the generated project; GeneratedProjectTests builds).
/// </summary>
[TestClass]
public sealed partial class BuiltInDriverSourceTests
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Names no built-in source contains, one per slot of the rename map, so a round trip shows what the
    /// rename touched.</summary>
    private static readonly DriverNames Sentinel = new("Qzvendorprefix", "QZ_BASE", "Qz.Vendor.Driver", "QzEntryPlugin");

    public static IEnumerable<object[]> Links => LinkTemplate.All.Select(link => new object[] { link.Name });

    [TestMethod]
    [DynamicData(nameof(Links))]
    public void Rendering_a_link_with_the_built_ins_names_gives_the_built_ins_files_byte_for_byte(string links)
    {
        var link = LinkTemplate.Find(links)!;
        var onDisk = BuiltInFilesOnDisk(link);

        // What dumpstack new writes, as StagedOutput encodes it.
        var rendered = BuiltInDriverSource.Render(link, link.BuiltIn, link.SourceProject)
            .ToDictionary(f => f.Path["src/".Length..], f => Utf8NoBom.GetBytes(f.Content), StringComparer.Ordinal);

        CollectionAssert.AreEqual(onDisk.Keys.ToList(), rendered.Keys.Order(StringComparer.Ordinal).ToList(), $"{links}: the rendered driver files are not the built-in's (rebuild the host after adding a file?)");
        foreach (var (path, bytes) in onDisk)
        {
            CollectionAssert.AreEqual(bytes, rendered[path], $"{links}: {path} differs from the built-in's");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Links))]
    public void Renaming_replaces_every_built_in_name_and_renaming_back_gives_the_built_in(string links)
    {
        var link = LinkTemplate.Find(links)!;
        var builtIn = BuiltInDriverSource.Render(link, link.BuiltIn, "P");
        var renamed = BuiltInDriverSource.Render(link, Sentinel, "P");

        // Nothing of the built-in's identity is left: not its namespace, entry type, dump_ or .sys name, or type prefix.
        var leftover = new Regex(
            $@"{Regex.Escape(link.BuiltIn.Namespace)}|\b{link.BuiltIn.PluginType}\b|dump_{Regex.Escape(link.BuiltIn.BaseName)}\b|\b{Regex.Escape(link.BuiltIn.BaseName)}\.sys\b|""{Regex.Escape(link.BuiltIn.BaseName)}""|(?-i:\b{link.BuiltIn.TypePrefix}[A-Z])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        foreach (var file in renamed)
        {
            Assert.IsFalse(leftover.IsMatch(file.Path), $"{links}: {file.Path} keeps a built-in name");
            var match = leftover.Match(file.Content);
            Assert.IsFalse(match.Success, $"{links}: {file.Path} keeps the built-in name '{match.Value}'");
        }

        Assert.IsTrue(renamed.Any(f => f.Content.Contains($"namespace {Sentinel.Namespace};", StringComparison.Ordinal)), $"{links}: the namespace was not renamed");
        Assert.IsTrue(renamed.Any(f => f.Path == $"src/P/{Sentinel.TypePrefix}Miniport.cs"), $"{links}: the miniport's file was not renamed");

        // Renaming back restores every byte: the rename lost nothing and touched nothing it should not have.
        var back = renamed.Select(f => new RenderedFile(DriverSourceRenamer.Rename(f.Path, Sentinel, link.BuiltIn), DriverSourceRenamer.Rename(f.Content, Sentinel, link.BuiltIn))).ToList();
        CollectionAssert.AreEqual(builtIn.ToList(), back, $"{links}: renaming there and back changed the source");
    }

    [TestMethod]
    [DynamicData(nameof(Links))]
    public void The_built_in_source_names_nothing_through_the_DumpFramework_namespace_it_sits_in(string links)
    {
        // Inside DumpFramework.Plugins.X, "Abstractions.Hardware.IRegisterSpace" compiles; in a vendor's namespace it
        // does not. A generated driver must compile from the same text.
        var link = LinkTemplate.Find(links)!;
        foreach (var (path, bytes) in BuiltInFilesOnDisk(link))
        {
            var match = PartiallyQualifiedName().Match(Encoding.UTF8.GetString(bytes));
            Assert.IsFalse(match.Success, $"Plugins/{path} names '{match.Value}' relative to DumpFramework: qualify it fully or import the namespace");
        }
    }

    [TestMethod]
    public void No_template_repeats_driver_code_that_exists_under_Plugins()
    {
        string root = RepositoryRoot.Require();
        var sources = Directory.EnumerateFiles(Path.Combine(root, "Plugins"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(root, path)))
            .ToDictionary(path => Path.GetRelativePath(root, path).Replace('\\', '/'), path => SignificantLines(NeutralNames(File.ReadAllText(path))));
        Assert.IsNotEmpty(sources);

        var templates = Directory.EnumerateFiles(Path.Combine(root, "templates"), "*.sbn", SearchOption.AllDirectories).ToList();
        Assert.IsNotEmpty(templates);
        var failures = new List<string>();
        foreach (string template in templates)
        {
            var lines = SignificantLines(TemplateExpression().Replace(File.ReadAllText(template), "§"));
            foreach (var (source, sourceLines) in sources)
            {
                int run = LongestCommonRun(lines, sourceLines);

                // Ten lines in a row is code, not the shared shape of an entry point; a small file repeated whole is
                // a copy too (an enum, a header of constants).
                if (run >= CopiedRunLength || (run == lines.Count && run >= 3))
                {
                    failures.Add($"{Path.GetRelativePath(root, template)} repeats {run} lines of {source}");
                }
            }
        }

        Assert.IsEmpty(failures, "templates must not copy a built-in driver; render it from Plugins/ instead (LinkTemplate's rename map):" + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }

    [TestMethod]
    public void The_copy_detector_finds_a_copied_driver()
    {
        // The detector above, fed a template made the way the deleted copies were made.
        var link = LinkTemplate.All[0];
        var file = BuiltInDriverSource.DriverFiles(link).Single(f => f.Path == link.BuiltIn.TypePrefix + "Miniport.cs");
        string copy = DriverSourceRenamer.Rename(file.Content, link.BuiltIn, new DriverNames("{{ base_name }}", "{{ base_name }}", "{{ project_name }}", "{{ base_name }}Plugin"));

        var lines = SignificantLines(TemplateExpression().Replace(copy, "§"));
        Assert.IsGreaterThanOrEqualTo(CopiedRunLength, LongestCommonRun(lines, SignificantLines(NeutralNames(file.Content))));
    }

    private const int CopiedRunLength = 10;

    private static SortedDictionary<string, byte[]> BuiltInFilesOnDisk(LinkTemplate link)
    {
        string project = Path.Combine(RepositoryRoot.Require(), "Plugins", link.SourceProject);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(project, path).Replace('\\', '/');
            if (!IsBuildOutput(relative) && relative != link.BuiltIn.PluginType + ".cs")
            {
                files.Add(link.SourceProject + "/" + relative, File.ReadAllBytes(path));
            }
        }

        return files;
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Replace('\\', '/').Split('/').Any(part => part is "obj" or "bin");

    /// <summary>Every built-in driver's names as the placeholder a template's expressions become.</summary>
    private static string NeutralNames(string source)
    {
        var placeholder = new DriverNames("§", "§", "§", "§Plugin");
        return LinkTemplate.All.Aggregate(source, (text, link) => DriverSourceRenamer.Rename(text, link.BuiltIn, placeholder));
    }

    /// <summary>The lines that carry code: whitespace collapsed; blank lines, punctuation-only lines, comments,
    /// usings, namespaces and template statements left out.</summary>
    private static List<string> SignificantLines(string text) =>
        [.. text.Split('\n')
            .Select(line => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(line => line.Any(char.IsLetterOrDigit)
                && !line.StartsWith("//", StringComparison.Ordinal)
                && !line.StartsWith("using ", StringComparison.Ordinal)
                && !line.StartsWith("namespace ", StringComparison.Ordinal))];

    private static int LongestCommonRun(List<string> a, List<string> b)
    {
        int longest = 0;
        var previous = new int[b.Count + 1];
        for (int i = 0; i < a.Count; i++)
        {
            var current = new int[b.Count + 1];
            for (int j = 0; j < b.Count; j++)
            {
                if (string.Equals(a[i], b[j], StringComparison.Ordinal))
                {
                    current[j + 1] = previous[j] + 1;
                    longest = Math.Max(longest, current[j + 1]);
                }
            }

            previous = current;
        }

        return longest;
    }

    [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateExpression();

    [GeneratedRegex(@"(?<![\w.])(?:Abstractions|Plugins|Hardware|Host)\.[\w.]+", RegexOptions.CultureInvariant)]
    private static partial Regex PartiallyQualifiedName();
}
