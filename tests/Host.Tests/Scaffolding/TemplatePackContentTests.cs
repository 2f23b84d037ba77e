using System.Text.Json;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Scaffolding;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>
/// The dotnet new pack's content, checked without the template engine: substituting the placeholders the way the
/// pack's template.json tells dotnet new to must give exactly what <c>dumpstack new</c> writes.
/// (GeneratedProjectTests runs the real <c>dotnet new</c>.)
/// </summary>
[TestClass]
public sealed class TemplatePackContentTests
{
    [TestMethod]
    public void Substituting_the_placeholders_gives_what_dumpstack_new_writes()
    {
        using var scratch = new ScratchFolder("pack-content");
        string pack = scratch.Combine("content");
        var (code, _, stderr) = CliRun.Invoke("new", "--emit-template-pack", pack);
        Assert.AreEqual(ExitCodes.Success, code, stderr);

        string feed = scratch.Combine("feed");
        foreach (var link in ProjectScaffolder.AvailableLinks)
        {
            Compare(Path.Combine(pack, "dumpminiport", link.Name), new ScaffoldRequest(ScaffoldKind.Miniport, "Contoso", "Raid", link.Name, null, feed, Force: false), feed);
        }

        foreach (var link in NativeDriverSource.Links)
        {
            Compare(Path.Combine(pack, TemplatePackEmitter.NativeMiniportFolder, link.Name), new ScaffoldRequest(ScaffoldKind.Miniport, "Contoso", "Raid", link.Name, null, feed, Force: false, ScaffoldLanguage.C), feed);
        }

        Compare(Path.Combine(pack, "dumpfilter"), new ScaffoldRequest(ScaffoldKind.Filter, "Fabrikam", "Shield", null, null, feed, Force: false), feed);
    }

    [TestMethod]
    public void The_template_json_files_declare_the_short_names_placeholders_and_links()
    {
        using var scratch = new ScratchFolder("pack-json");
        string pack = scratch.Combine("content");
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("new", "--emit-template-pack", pack).ExitCode);

        using var miniport = JsonDocument.Parse(File.ReadAllText(Path.Combine(pack, "dumpminiport", ".template.config", "template.json")));
        var root = miniport.RootElement;
        Assert.AreEqual("dumpminiport", root.GetProperty("shortName").GetString());
        Assert.AreEqual(TemplatePackEmitter.SourceName, root.GetProperty("sourceName").GetString());
        var choices = root.GetProperty("symbols").GetProperty("links").GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("choice").GetString()).ToList();
        CollectionAssert.AreEqual(ProjectScaffolder.AvailableLinks.Select(l => l.Name).ToList(), choices);
        Assert.AreEqual(choices.Count, root.GetProperty("sources").GetArrayLength());
        Assert.AreEqual(TemplatePackEmitter.BaseNameToken, root.GetProperty("symbols").GetProperty("driverBaseName").GetProperty("fileRename").GetString());

        using var filter = JsonDocument.Parse(File.ReadAllText(Path.Combine(pack, "dumpfilter", ".template.config", "template.json")));
        Assert.AreEqual("dumpfilter", filter.RootElement.GetProperty("shortName").GetString());
        Assert.IsFalse(filter.RootElement.GetProperty("symbols").TryGetProperty("links", out _));

        // The C miniport: the same short name and group, language C, its own links and the upper-case placeholder.
        using var native = JsonDocument.Parse(File.ReadAllText(Path.Combine(pack, TemplatePackEmitter.NativeMiniportFolder, ".template.config", "template.json")));
        var c = native.RootElement;
        Assert.AreEqual("dumpminiport", c.GetProperty("shortName").GetString());
        Assert.AreEqual(root.GetProperty("groupIdentity").GetString(), c.GetProperty("groupIdentity").GetString());
        Assert.AreNotEqual(root.GetProperty("identity").GetString(), c.GetProperty("identity").GetString());
        Assert.AreEqual("C", c.GetProperty("tags").GetProperty("language").GetString());
        var nativeChoices = c.GetProperty("symbols").GetProperty("links").GetProperty("choices").EnumerateArray().Select(e => e.GetProperty("choice").GetString()).ToList();
        CollectionAssert.AreEqual(NativeDriverSource.Links.Select(l => l.Name).ToList(), nativeChoices);
        Assert.AreEqual(TemplatePackEmitter.BaseNameUpperToken, c.GetProperty("symbols").GetProperty("driverBaseNameUpper").GetProperty("replaces").GetString());
    }

    [TestMethod]
    public void An_existing_pack_folder_needs_force()
    {
        using var scratch = new ScratchFolder("pack-force");

        Assert.AreEqual(ExitCodes.InvalidInput, CliRun.Invoke("new", "--emit-template-pack", scratch.Path).ExitCode);
        Assert.AreEqual(ExitCodes.Success, CliRun.Invoke("new", "--emit-template-pack", scratch.Path, "--force").ExitCode);
    }

    private static void Compare(string templateFolder, ScaffoldRequest request, string feed)
    {
        var (_, projectName, expected) = ProjectScaffolder.Plan(request, Path.GetTempPath());
        var substituted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in GeneratedFiles.Read(templateFolder).Where(f => !f.Key.StartsWith(".template.config/", StringComparison.Ordinal)))
        {
            substituted.Add(Substitute(path, projectName, request.Vendor, request.Name, feed), Substitute(content, projectName, request.Vendor, request.Name, feed));
        }

        GeneratedFiles.AssertSame(expected.ToDictionary(f => f.Path, f => f.Content), substituted, projectName);
    }

    private static string Substitute(string text, string projectName, string vendor, string baseName, string feed) => text
        .Replace(TemplatePackEmitter.SourceName, projectName, StringComparison.Ordinal)
        .Replace(TemplatePackEmitter.VendorToken, vendor, StringComparison.Ordinal)
        .Replace(TemplatePackEmitter.BaseNameToken, baseName, StringComparison.Ordinal)
        .Replace(TemplatePackEmitter.BaseNameUpperToken, baseName.ToUpperInvariant(), StringComparison.Ordinal)
        .Replace(TemplatePackEmitter.FeedToken, feed, StringComparison.Ordinal);
}
