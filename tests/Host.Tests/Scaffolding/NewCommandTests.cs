using DumpFramework.Host.Cli;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Scaffolding;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary><c>dumpstack new</c> without building what it generates (GeneratedProjectTests builds).</summary>
[TestClass]
public sealed class NewCommandTests
{
    [TestMethod]
    public void A_miniport_project_has_plugin_tests_manifest_readme_and_feed()
    {
        using var scratch = new ScratchFolder("new-miniport");
        string output = scratch.Combine("Contoso.Raid");

        var (code, stdout, stderr) = CliRun.Invoke("new", "miniport", "--vendor", "Contoso", "--name", "Raid", "--links", "storport", "-o", output, "--feed", scratch.Combine("feed"));

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Assert.Contains("dump_Raid", stdout);
        var files = GeneratedFiles.Read(output);
        foreach (string expected in new[]
        {
            "Contoso.Raid.slnx", "global.json", "nuget.config", "README.md", "Directory.Build.props", ".editorconfig", ".gitignore",
            "src/Contoso.Raid/Contoso.Raid.csproj", "src/Contoso.Raid/RaidPlugin.cs", "src/Contoso.Raid/RaidMiniport.cs",
            "tests/Contoso.Raid.Tests/Contoso.Raid.Tests.csproj", "tests/Contoso.Raid.Tests/RaidMiniportTests.cs", "stacks/Raid.yaml",
        })
        {
            Assert.IsTrue(files.ContainsKey(expected), $"{expected} is missing; generated: {string.Join(", ", files.Keys)}");
        }

        Assert.IsFalse(files.Values.Any(text => text.Contains("{{", StringComparison.Ordinal)), "a template expression was left unrendered");
        Assert.Contains("namespace Contoso.Raid;", files["src/Contoso.Raid/RaidPlugin.cs"]);
        Assert.Contains("public const string BaseName = \"Raid\";", files["src/Contoso.Raid/RaidPlugin.cs"]);
        Assert.Contains("LinksAgainst = PortInterface.StorPort", files["src/Contoso.Raid/RaidPlugin.cs"]);
        Assert.Contains("Include=\"DumpFramework.Abstractions\" Version=\"" + ScaffoldVersions.Abstractions + "\" ExcludeAssets=\"runtime\"", files["src/Contoso.Raid/Contoso.Raid.csproj"]);
        Assert.Contains("<EnableDynamicLoading>true</EnableDynamicLoading>", files["src/Contoso.Raid/Contoso.Raid.csproj"]);
        Assert.Contains("Microsoft.Testing.Platform", files["global.json"]);
        Assert.Contains(scratch.Combine("feed"), files["nuget.config"]);

        // The sample manifest is a valid manifest stacking the new driver on the built-in port and controller.
        var manifest = StackManifestLoader.Load(Path.Combine(output, "stacks", "Raid.yaml"));
        Assert.AreEqual("Raid", manifest.Miniport.BaseName);
        Assert.AreEqual("diskdump", manifest.Port.BaseName);
        Assert.AreEqual("lsi-sas1068", manifest.Controller.Model);
    }

    [TestMethod]
    public void A_filter_project_stacks_the_filter_on_the_built_in_scsi_path()
    {
        using var scratch = new ScratchFolder("new-filter");
        string output = scratch.Combine("out");

        var (code, _, stderr) = CliRun.Invoke("new", "filter", "--vendor", "Fabrikam", "--name", "Shield", "-o", output);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        var files = GeneratedFiles.Read(output);
        Assert.IsTrue(files.ContainsKey("src/Fabrikam.Shield/ShieldFilter.cs"));
        Assert.Contains(ScaffoldVersions.DefaultFeed, files["nuget.config"]);
        var manifest = StackManifestLoader.Load(Path.Combine(output, "stacks", "Shield.yaml"));
        Assert.AreEqual("LSI_SAS", manifest.Miniport.BaseName);
        Assert.AreEqual("Shield", manifest.Filters.Single().BaseName);
    }

    [TestMethod]
    [DataRow("miniport", "Contoso", "LSI_SAS", "clashes with the built-in")]
    [DataRow("miniport", "Contoso", "Raid.Pro", "not a C# identifier")]
    [DataRow("filter", "Contoso", "ThisNameIsFarTooLong", "not a Windows driver base name")]
    [DataRow("filter", "Con-toso", "Shield", "--vendor 'Con-toso'")]
    public void Invalid_names_exit_2_and_write_nothing(string kind, string vendor, string name, string reason)
    {
        using var scratch = new ScratchFolder("new-bad-name");
        string output = scratch.Combine("out");

        var (code, _, stderr) = CliRun.Invoke("new", kind, "--vendor", vendor, "--name", name, "-o", output);

        Assert.AreEqual(ExitCodes.InvalidInput, code);
        Assert.Contains(reason, stderr);
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    [TestMethod]
    public void Links_must_be_a_known_and_available_port_interface()
    {
        using var scratch = new ScratchFolder("new-links");
        string output = scratch.Combine("out");

        var unknown = CliRun.Invoke("new", "miniport", "--vendor", "Contoso", "--name", "Raid", "--links", "fibreport", "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Contains("'fibreport' is not a port interface", unknown.Error);

        foreach (var link in LinkTemplate.All.Except(ProjectScaffolder.AvailableLinks))
        {
            var missing = CliRun.Invoke("new", "miniport", "--vendor", "Contoso", "--name", "Raid", "--links", link.Name, "-o", output);
            Assert.AreEqual(ExitCodes.InvalidInput, missing.ExitCode);
            Assert.Contains($"--links {link.Name} is not available yet", missing.Error);
        }

        var filter = CliRun.Invoke("new", "filter", "--vendor", "Contoso", "--name", "Shield", "--links", "storport", "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, filter.ExitCode);

        var noVendor = CliRun.Invoke("new", "miniport", "--name", "Raid", "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, noVendor.ExitCode);

        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    [TestMethod]
    public void Every_port_interface_has_a_miniport_template()
    {
        CollectionAssert.AreEqual(LinkTemplate.All.Select(l => l.Name).ToList(), ProjectScaffolder.AvailableLinks.Select(l => l.Name).ToList());
    }

    [TestMethod]
    public void Every_available_link_renders_a_plugin_linking_against_it()
    {
        Assert.IsNotEmpty(ProjectScaffolder.AvailableLinks);
        foreach (var link in ProjectScaffolder.AvailableLinks)
        {
            var (_, _, files) = ProjectScaffolder.Plan(new ScaffoldRequest(ScaffoldKind.Miniport, "Contoso", "Raid", link.Name, null, null, Force: false), Path.GetTempPath());
            string plugin = files.Single(f => f.Path == "src/Contoso.Raid/RaidPlugin.cs").Content;
            Assert.Contains("LinksAgainst = PortInterface." + link.Interface, plugin);
            Assert.Contains("public sealed class RaidPlugin : IDriverPlugin", plugin);
            Assert.IsFalse(files.Any(f => f.Content.Contains("{{", StringComparison.Ordinal)), $"{link.Name}: a template expression was left unrendered");

            // The sample manifest stacks the driver on the link's built-in port and the controller its built-in driver runs on.
            var manifest = StackManifestLoader.Parse(files.Single(f => f.Path == "stacks/Raid.yaml").Content, Path.Combine(Path.GetTempPath(), "Raid.yaml"));
            Assert.AreEqual("Raid", manifest.Miniport.BaseName, link.Name);
            Assert.AreEqual(link.Port, manifest.Port.BaseName, link.Name);
            Assert.AreEqual(link.ControllerModel, manifest.Controller.Model, link.Name);

            // The driver, its tests and the test doubles of the link's port routines.
            foreach (string expected in new[] { "src/Contoso.Raid/RaidMiniport.cs", "tests/Contoso.Raid.Tests/RaidMiniportTests.cs", "tests/Contoso.Raid.Tests/RaidPluginTests.cs", "tests/Contoso.Raid.Tests/ArrayRegisterSpace.cs" })
            {
                Assert.IsTrue(files.Any(f => f.Path == expected), $"{link.Name}: {expected} is missing");
            }

            // The copy of the built-in driver keeps none of the built-in's names.
            Assert.IsFalse(files.Any(f => f.Content.Contains("DumpFramework.Plugins", StringComparison.Ordinal)), $"{link.Name}: a built-in namespace was left in");
        }
    }

    [TestMethod]
    public void The_readme_names_the_entry_points_of_the_links_contract()
    {
        static string Readme(string links) =>
            ProjectScaffolder.Plan(new ScaffoldRequest(ScaffoldKind.Miniport, "Contoso", "Raid", links, null, null, Force: false), Path.GetTempPath()).Files.Single(f => f.Path == "README.md").Content;

        Assert.Contains("HwFindAdapter", Readme("storport"));
        Assert.Contains("HwAdapterControl", Readme("storport"));
        Assert.DoesNotContain("HwAdapterControl", Readme("scsiport"));
        Assert.Contains("`NextRequest`", Readme("scsiport"));
        Assert.DoesNotContain("`NextRequest`", Readme("storport"));
        string ata = Readme("ataport");
        Assert.Contains("(ChannelInitialize, HwInitialize, HwBuildIo, HwStartIo", ata);
        Assert.DoesNotContain("Identify", ata);
        Assert.Contains("`IrbStatus`", ata);
        Assert.DoesNotContain("HwFindAdapter", ata);
    }

    [TestMethod]
    public void An_existing_folder_needs_force_and_force_keeps_the_vendors_other_files()
    {
        using var scratch = new ScratchFolder("new-force");
        string output = scratch.Combine("Contoso.Raid");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "README.md"), "mine");
        File.WriteAllText(Path.Combine(output, "notes.txt"), "keep me");

        var refused = CliRun.Invoke("new", "miniport", "--vendor", "Contoso", "--name", "Raid", "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("already exists", refused.Error);
        Assert.AreEqual("mine", File.ReadAllText(Path.Combine(output, "README.md")));
        Assert.HasCount(2, Directory.EnumerateFileSystemEntries(output));

        var forced = CliRun.Invoke("new", "miniport", "--vendor", "Contoso", "--name", "Raid", "-o", output, "--force");
        Assert.AreEqual(ExitCodes.Success, forced.ExitCode, forced.Error);
        Assert.Contains("dump_Raid", File.ReadAllText(Path.Combine(output, "README.md")));
        Assert.AreEqual("keep me", File.ReadAllText(Path.Combine(output, "notes.txt")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "src", "Contoso.Raid", "RaidMiniport.cs")));

        // No staging folder is left beside the output.
        Assert.HasCount(1, Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    [TestMethod]
    public void New_without_a_kind_is_invalid_input()
    {
        var (code, _, stderr) = CliRun.Invoke("new");

        Assert.AreEqual(ExitCodes.InvalidInput, code);
        Assert.Contains("dumpstack new miniport", stderr);
    }

    [TestMethod]
    [DataRow("storport", false)]
    [DataRow("scsiport", true)]
    public void A_C_miniport_project_has_the_renamed_sample_the_SDK_a_CMake_build_a_manifest_template_and_a_test_script(string links, bool scsiPortFlavour)
    {
        using var scratch = new ScratchFolder("new-c-miniport");
        string output = scratch.Combine("Contoso.Raid");

        var (code, stdout, stderr) = CliRun.Invoke("new", "miniport", "--lang", "c", "--links", links, "--vendor", "Contoso", "--name", "Raid", "-o", output);

        Assert.AreEqual(ExitCodes.Success, code, stderr);
        Assert.Contains("sh test.sh", stdout);
        var files = GeneratedFiles.Read(output);
        CollectionAssert.AreEquivalent(
            new[]
            {
                ".gitignore", "CMakeLists.txt", "README.md", "cmake/PinManifest.cmake", "src/Raid.c", "src/mpi.h", "stacks/Raid.yaml.in", "test.sh",
                "sdk/include/miniport.h", "sdk/include/ntdef.h", "sdk/include/sal.h", "sdk/include/scsi.h", "sdk/include/srb.h", "sdk/include/storport.h",
            },
            files.Keys.ToList());
        Assert.IsFalse(files.Values.Any(text => text.Contains("{{", StringComparison.Ordinal)), "a template expression was left unrendered");

        // The library is lib<name>.so, the flavour is the link's, and the manifest is written with the pin at build.
        Assert.Contains("add_library(Raid SHARED src/Raid.c)", files["CMakeLists.txt"]);
        Assert.AreEqual(scsiPortFlavour, files["CMakeLists.txt"].Contains("target_compile_definitions(Raid PRIVATE RAID_SCSIPORT)", StringComparison.Ordinal));
        Assert.Contains("#ifdef RAID_SCSIPORT", files["src/Raid.c"]);
        Assert.Contains($"miniport: {{native: libRaid.so, name: Raid, links: {links}, sha256: @SHA256@}}", files["stacks/Raid.yaml.in"]);
        Assert.Contains("poll_interval_microseconds: \"1000\"", files["stacks/Raid.yaml.in"]);
        Assert.Contains("conformance -m \"$build/Raid.yaml\"", files["test.sh"]);

        // The manifest template with a hash in place of the pin is a valid manifest of a native miniport.
        string manifest = Path.Combine(output, "Raid.yaml");
        File.WriteAllText(manifest, files["stacks/Raid.yaml.in"].Replace("@SHA256@", new string('0', 64), StringComparison.Ordinal));
        var loaded = StackManifestLoader.Load(manifest);
        Assert.AreEqual("Raid", loaded.Miniport.BaseName);
        Assert.AreEqual("lsi-sas1068", loaded.Controller.Model);
    }

    [TestMethod]
    public void A_C_miniport_takes_the_SRB_links_only_and_a_filter_no_language()
    {
        using var scratch = new ScratchFolder("new-c-links");
        string output = scratch.Combine("out");

        var ata = CliRun.Invoke("new", "miniport", "--lang", "c", "--links", "ataport", "--vendor", "Contoso", "--name", "Raid", "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, ata.ExitCode);
        Assert.Contains("--links ataport is not available with --lang c", ata.Error);

        var language = CliRun.Invoke("new", "miniport", "--lang", "rust", "--vendor", "Contoso", "--name", "Raid", "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, language.ExitCode);
        Assert.Contains("--lang 'rust' is not a language", language.Error);

        var filter = CliRun.Invoke("new", "filter", "--lang", "c", "--vendor", "Contoso", "--name", "Shield", "-o", output);
        Assert.AreEqual(ExitCodes.InvalidInput, filter.ExitCode);

        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(scratch.Path));

        // Without --links, the first the C sample supports.
        var defaulted = CliRun.Invoke("new", "miniport", "--lang", "C", "--vendor", "Contoso", "--name", "Raid", "-o", output);
        Assert.AreEqual(ExitCodes.Success, defaulted.ExitCode, defaulted.Error);
        Assert.Contains("links: storport", File.ReadAllText(Path.Combine(output, "stacks", "Raid.yaml.in")));
    }
}
