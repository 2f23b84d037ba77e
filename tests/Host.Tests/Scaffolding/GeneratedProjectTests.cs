using DumpFramework.Host.Cli;
using DumpFramework.Host.Scaffolding;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>
/// The generated projects as a vendor gets them: packs DumpFramework.Abstractions into a local feed (once per run),
/// generates, builds with zero warnings, runs the generated tests, publishes into a plugin folder beside the built-in
/// plugins and dumps through the sample manifest. The template pack is packed, installed into an isolated template
/// hive and instantiated, and must give the same files as <c>dumpstack new</c>. Slow (real builds): category
/// Scaffolding.
/// </summary>
[TestClass]
[TestCategory("Scaffolding")]
public sealed class GeneratedProjectTests
{
    private const long DumpBytes = 64L << 20;

    private static ScratchFolder? s_scratch;
    private static SdkRunner? s_sdk;
    private static string? s_feed;
    private static string? s_plugins;

    [ClassInitialize]
    public static void PackTheContract(TestContext context)
    {
        _ = context;
        string root = RepositoryRoot.Require();
        s_scratch = new ScratchFolder("scaffolding");
        s_feed = s_scratch.Combine("feed");
        s_sdk = new SdkRunner(s_scratch.Combine("nuget-packages"));

        // The repository's own build keeps the user's package cache; its outputs go to the scratch folder.
        new SdkRunner(DefaultPackagesFolder()).Run(root, "pack", Path.Combine(root, "Abstractions", "Abstractions.csproj"), "-o", s_feed, "--artifacts-path", s_scratch.Combine("artifacts"), "--disable-build-servers");

        // A plugin folder holding copies of the built-in plugins, as a vendor would set one up.
        s_plugins = s_scratch.Combine("plugins");
        foreach (string plugin in Directory.GetDirectories(TestPaths.Plugins))
        {
            CopyFolder(plugin, Path.Combine(s_plugins, Path.GetFileName(plugin)));
        }
    }

    [ClassCleanup]
    public static void RemoveScratch() => s_scratch?.Dispose();

    /// <summary>One real build per link: each starts from a different built-in driver (storport: LSI_SAS on the
    /// lsi-sas1068, scsiport: vmscsi on the buslogic-bt958, ataport: atapi on the piix-ide channel under dumpata). The names
    /// differ because every generated plugin lands in the same plugin folder.</summary>
    [TestMethod]
    [DataRow("storport", "Raid")]
    [DataRow("scsiport", "ScsiRaid")]
    [DataRow("ataport", "AtaRaid")]
    public void A_generated_miniport_builds_clean_passes_its_tests_and_dumps_through_its_sample_manifest(string links, string name)
    {
        string projectName = "Contoso." + name;
        string project = s_scratch!.Combine(projectName);
        New("miniport", "--vendor", "Contoso", "--name", name, "--links", links, "-o", project, "--feed", s_feed!);

        BuildTestAndPublish(project, projectName);

        var listing = Cli("plugins");
        Assert.AreEqual(ExitCodes.Success, listing.ExitCode, listing.Error);
        StringAssert.Matches(listing.Output, new System.Text.RegularExpressions.Regex($@"\b{name}\s+dump_{name}\s+miniport\s+links {links}\b"));

        string manifest = Path.Combine(project, "stacks", name + ".yaml");
        DumpAndReadBack(manifest, s_scratch.Combine(name + ".raw"));
    }

    [TestMethod]
    public void A_generated_filter_builds_clean_passes_its_tests_and_transforms_the_dump_it_reads_back()
    {
        string project = s_scratch!.Combine("Fabrikam.Shield");
        New("filter", "--vendor", "Fabrikam", "--name", "Shield", "-o", project, "--feed", s_feed!);

        BuildTestAndPublish(project, "Fabrikam.Shield");

        var listing = Cli("plugins");
        StringAssert.Matches(listing.Output, new System.Text.RegularExpressions.Regex(@"Shield\s+dump_Shield\s+filter"));

        string manifest = Path.Combine(project, "stacks", "Shield.yaml");
        string readBack = s_scratch.Combine("shield.raw");
        DumpAndReadBack(manifest, readBack);

        // Through the stack the dump reads back as memory; on the disk (dump region at 1 MiB) it is transformed.
        byte[] onDisk = new byte[64 * 1024];
        byte[] memory = new byte[onDisk.Length];
        using (var image = File.OpenRead(Path.Combine(project, "stacks", "disks", "Shield.img")))
        {
            image.Position = 1 << 20;
            image.ReadExactly(onDisk);
        }

        using (var file = File.OpenRead(readBack))
        {
            file.ReadExactly(memory);
        }

        CollectionAssert.AreNotEqual(memory, onDisk);
    }

    [TestMethod]
    public void The_dotnet_new_pack_instantiates_the_same_files_as_dumpstack_new()
    {
        string root = RepositoryRoot.Require();
        string packs = s_scratch!.Combine("template-pack");
        string hive = s_scratch.Combine("template-hive");
        string dumpstack = Path.Combine(AppContext.BaseDirectory, "dumpstack.dll");
        s_sdk!.Run(root, "pack", Path.Combine(root, "templates", "pack", "DumpFramework.Templates.csproj"), "-o", packs, "--artifacts-path", s_scratch.Combine("pack-artifacts"), "-p:DumpStackDll=" + dumpstack, "--disable-build-servers");
        string package = Directory.GetFiles(packs, "DumpFramework.Templates.*.nupkg").Single();

        s_sdk.Run(s_scratch.Path, "new", "install", package, "--debug:custom-hive", hive);
        string viaDotnetNew = s_scratch.Combine("dotnet-new");
        string viaDumpstack = s_scratch.Combine("dumpstack-new");
        foreach (var link in ProjectScaffolder.AvailableLinks)
        {
            string folder = "miniport-" + link.Name;
            s_sdk.Run(s_scratch.Path, "new", "dumpminiport", "-n", "Contoso.Raid", "--links", link.Name, "--feed", s_feed!, "-o", Path.Combine(viaDotnetNew, folder), "--debug:custom-hive", hive);
            New("miniport", "--vendor", "Contoso", "--name", "Raid", "--links", link.Name, "-o", Path.Combine(viaDumpstack, folder), "--feed", s_feed!);
            GeneratedFiles.AssertSame(GeneratedFiles.Read(Path.Combine(viaDumpstack, folder)), GeneratedFiles.Read(Path.Combine(viaDotnetNew, folder)), "dumpminiport --links " + link.Name);
        }

        // The C miniport: the same short name, chosen by dotnet new's language option.
        foreach (var link in NativeDriverSource.Links)
        {
            string folder = "c-miniport-" + link.Name;
            s_sdk.Run(s_scratch.Path, "new", "dumpminiport", "-lang", "C", "-n", "Contoso.Raid", "--links", link.Name, "-o", Path.Combine(viaDotnetNew, folder), "--debug:custom-hive", hive);
            New("miniport", "--lang", "c", "--vendor", "Contoso", "--name", "Raid", "--links", link.Name, "-o", Path.Combine(viaDumpstack, folder));
            GeneratedFiles.AssertSame(GeneratedFiles.Read(Path.Combine(viaDumpstack, folder)), GeneratedFiles.Read(Path.Combine(viaDotnetNew, folder)), "dumpminiport -lang C --links " + link.Name);
        }

        s_sdk.Run(s_scratch.Path, "new", "dumpfilter", "-n", "Fabrikam.Shield", "--feed", s_feed!, "-o", Path.Combine(viaDotnetNew, "filter"), "--debug:custom-hive", hive);
        New("filter", "--vendor", "Fabrikam", "--name", "Shield", "-o", Path.Combine(viaDumpstack, "filter"), "--feed", s_feed!);
        GeneratedFiles.AssertSame(GeneratedFiles.Read(Path.Combine(viaDumpstack, "filter")), GeneratedFiles.Read(Path.Combine(viaDotnetNew, "filter")), "dumpfilter");
    }

    private static void New(params string[] arguments)
    {
        var result = Cli(["new", .. arguments]);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.Error);
    }

    private static void BuildTestAndPublish(string project, string projectName)
    {
        string build = s_sdk!.Run(project, "build", "-tl:off", "--disable-build-servers");
        StringAssert.Contains(build, " 0 Warning(s)", "the generated project must build without warnings");
        string test = s_sdk.Run(project, "test", "--no-build");

        // Nothing skipped: a miniport's ConformanceTests ran the kit (it is inconclusive when it finds no dumpstack).
        StringAssert.Contains(test, "skipped: 0", test);
        s_sdk.Run(project, "publish", Path.Combine("src", projectName, projectName + ".csproj"), "-c", "Debug", "--no-build", "-o", Path.Combine(s_plugins!, projectName));

        // As the vendor README says: pin the folder once its plugins are in place, or dumpstack refuses them.
        var pin = Cli("plugins", "--pin");
        Assert.AreEqual(ExitCodes.Success, pin.ExitCode, pin.Error);
    }

    private static void DumpAndReadBack(string manifest, string readBack)
    {
        var dump = Cli("dump", "-m", manifest, "--synthetic-memory", "64MiB");
        Assert.AreEqual(ExitCodes.Success, dump.ExitCode, dump.Output + dump.Error);

        // Back out as SMSS would, through the same stack, then every page against dumpstack dump's default synthetic
        // memory (seed 1).
        var extract = Cli("extract", "-m", manifest, "-o", readBack);
        Assert.AreEqual(ExitCodes.Success, extract.ExitCode, extract.Output + extract.Error);
        var verify = Cli("verify", readBack, "--synthetic-memory", "64MiB", "--seed", "1");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
        StringAssert.Contains(verify.Output, $"pages compared {DumpBytes / 4096}, mismatched 0");
    }

    private static (int ExitCode, string Output, string Error) Cli(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = DumpStackCli.RunAsync(["--plugins", s_plugins!, .. arguments], output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    private static string DefaultPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static void CopyFolder(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
