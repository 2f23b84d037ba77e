using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Plugins;

/// <summary>
/// The driver-signing analogue, through the real command line and loader: plugins are known from metadata, a stack
/// loads only the plugins it names, each after its files were checked against <c>plugins.lock</c>, and a plugin that
/// fails any check never runs a line of its code. The proof is the <c>probe</c> test filter, whose module initializer
/// and static constructor each write a file: those files appear only when the plugin was really allowed to load.
/// </summary>
[TestClass]
public sealed class PluginIntegrityTests
{
    private const long MiB = 1 << 20;
    private const string Probe = "InitializerProbeFilter";

    [TestMethod]
    public void The_built_in_plugins_ship_pinned_and_list_as_pinned()
    {
        Assert.IsTrue(File.Exists(Path.Combine(TestPaths.Plugins, "plugins.lock")), "the build did not pin the built-in plugins");
        var (code, output, error) = CliRun.Invoke("plugins");
        Assert.AreEqual(ExitCodes.Success, code, error);
        foreach (string name in new[] { "dump_diskdump", "dump_dumpata", "dump_atapi", "dump_LSI_SAS", "dump_vmscsi", "dump_pvscsi", "dump_dumpfve" })
        {
            StringAssert.Matches(output, new System.Text.RegularExpressions.Regex($@"{name}\s.*\spinned\s"), name);
        }
    }

    [TestMethod]
    public void Pin_records_the_sha256_of_every_file_of_every_plugin()
    {
        using var bench = new PluginBench("pin", Probe);
        Directory.CreateDirectory(bench.PluginFile(Probe, "de"));
        File.WriteAllText(bench.PluginFile(Probe, "de/resources.txt"), "a satellite file");
        bench.Pin();

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(bench.Plugins, "plugins.lock")));
        var pins = document.RootElement.GetProperty("plugins").EnumerateArray().ToDictionary(p => p.GetProperty("folder").GetString()!);
        CollectionAssert.AreEquivalent(Directory.GetDirectories(bench.Plugins).Select(Path.GetFileName).ToArray(), pins.Keys.ToArray());
        var probe = pins[Probe];
        Assert.AreEqual("probe", probe.GetProperty("name").GetString());
        Assert.AreEqual("1.0", probe.GetProperty("version").GetString());
        var files = probe.GetProperty("files").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString());
        string folder = Path.Combine(bench.Plugins, Probe);
        var expected = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))));
        CollectionAssert.AreEquivalent(expected.ToList(), files.ToList());
        Assert.IsFalse(bench.ProbeRan, "pinning ran plugin code");
    }

    [TestMethod]
    public void A_pinned_plugin_loads_and_its_initializers_run()
    {
        // The positive control: the probe does leave its trace when it is loaded.
        using var bench = new PluginBench("pinned", Probe);
        bench.Pin();
        var (code, output, error) = bench.Validate("filters: [probe]");
        Assert.AreEqual(ExitCodes.Success, code, output + error);
        Assert.IsTrue(File.Exists(bench.Trace("module-initializer")) && File.Exists(bench.Trace("static-constructor")), "the probe filter never ran");
    }

    [TestMethod]
    public void Listing_plugins_runs_no_plugin_code()
    {
        using var bench = new PluginBench("listing", Probe);
        bench.Pin();
        var (code, output, error) = CliRun.InvokeWith(bench.Plugins, "plugins");
        Assert.AreEqual(ExitCodes.Success, code, error);
        StringAssert.Contains(output, "dump_probe");
        Assert.IsFalse(bench.ProbeRan, "listing the plugins ran the probe's initializers");
    }

    [TestMethod]
    [DataRow("changed", "InitializerProbeFilter.deps.json")]
    [DataRow("changed", "InitializerProbeFilter.dll")]
    [DataRow("added", "Helper.dll")]
    [DataRow("removed", "InitializerProbeFilter.xml")]
    public void A_plugin_whose_files_differ_from_its_pin_is_refused_before_any_of_its_code_runs(string how, string file)
    {
        using var bench = new PluginBench("tampered", Probe);
        bench.Pin();
        string path = bench.PluginFile(Probe, file);
        switch (how)
        {
            case "changed":
                // Appended bytes leave an assembly loadable: only the hash tells.
                File.AppendAllText(path, " ");
                break;
            case "added":
                File.WriteAllBytes(path, [0x4D, 0x5A]);
                break;
            default:
                File.Delete(path);
                break;
        }

        var (code, output, error) = bench.Validate("filters: [probe]");
        Assert.AreEqual(ExitCodes.PluginError, code, output + error);
        StringAssert.Contains(error, $"{Probe}/{file}");
        StringAssert.Contains(error, how == "changed" ? "changed since it was pinned" : $"was {how} after the plugin was pinned");
        StringAssert.Contains(error, "none of its code was run");
        AssertNoTrace(error);
        Assert.IsFalse(bench.ProbeRan, "a tampered plugin's initializers ran");
        Assert.IsFalse(File.Exists(bench.Files.Disk()), "a refused stack created its disk");

        // A stack that does not name it is not affected.
        var (other, otherOutput, otherError) = bench.Validate();
        Assert.AreEqual(ExitCodes.Success, other, otherOutput + otherError);
    }

    [TestMethod]
    public void An_unpinned_plugin_folder_is_refused_unless_allow_unpinned_is_given()
    {
        using var bench = new PluginBench("unpinned", Probe);
        var (code, output, error) = bench.Validate("filters: [probe]");
        Assert.AreEqual(ExitCodes.PluginError, code, output + error);
        StringAssert.Contains(error, "not pinned");
        StringAssert.Contains(error, "--allow-unpinned");
        Assert.IsFalse(bench.ProbeRan, "an unpinned plugin's initializers ran");

        var listing = CliRun.InvokeWith(bench.Plugins, "plugins");
        Assert.AreEqual(ExitCodes.PluginError, listing.ExitCode, "an unpinned folder lists as if it would load");
        Assert.IsFalse(bench.ProbeRan, "listing ran plugin code");

        var (allowed, allowedOutput, allowedError) = bench.Validate("filters: [probe]", "--allow-unpinned");
        Assert.AreEqual(ExitCodes.Success, allowed, allowedOutput + allowedError);
        StringAssert.Contains(allowedError, "warning: loading unpinned plugin dump_probe");
        Assert.IsTrue(bench.ProbeRan);
    }

    [TestMethod]
    public void A_plugin_added_after_the_folder_was_pinned_is_unpinned()
    {
        using var bench = new PluginBench("added-plugin");
        bench.Pin();
        TestPaths.CopyPlugins(bench.Plugins, Probe);
        var (code, output, error) = bench.Validate("filters: [probe]");
        Assert.AreEqual(ExitCodes.PluginError, code, output + error);
        StringAssert.Contains(error, $"{Probe} is not in ");
        Assert.IsFalse(bench.ProbeRan);
    }

    [TestMethod]
    public void Two_plugins_claiming_the_port_name_are_an_error_naming_both_folders()
    {
        // A folder that sorts first claiming diskdump: no longer bound as the port.
        using var bench = new PluginBench("shadow");
        bench.Pin();
        bench.CopyPluginAs("PortScsi", "APortScsi");
        var (code, output, error) = bench.Validate();
        Assert.AreEqual(ExitCodes.PluginError, code, output + error);
        StringAssert.Contains(error, "more than one plugin declares 'diskdump'");
        StringAssert.Contains(error, Path.Combine(bench.Plugins, "APortScsi"));
        StringAssert.Contains(error, Path.Combine(bench.Plugins, "PortScsi"));

        var listing = CliRun.InvokeWith(bench.Plugins, "plugins");
        Assert.AreEqual(ExitCodes.PluginError, listing.ExitCode);
        StringAssert.Contains(listing.Error, "more than one plugin declares 'diskdump'");

        // Nothing else depends on the name: the ATA stack still validates.
        var ata = bench.ValidateAta();
        Assert.AreEqual(ExitCodes.Success, ata.ExitCode, ata.Output + ata.Error);
    }

    [TestMethod]
    public void A_malformed_deps_json_fails_only_the_stacks_naming_the_plugin_with_exit_3()
    {
        using var bench = new PluginBench("deps-json");
        File.WriteAllText(bench.PluginFile("PortScsi", "PortScsi.deps.json"), "{ \"runtimeTarget\": [ not json");

        // Pinned as it is, so only the loader can object.
        bench.Pin();
        var (code, output, error) = bench.Validate();
        Assert.AreEqual(ExitCodes.PluginError, code, output + error);
        StringAssert.Contains(error, "PortScsi.deps.json is not valid");
        AssertNoTrace(error);

        var ata = bench.ValidateAta();
        Assert.AreEqual(ExitCodes.Success, ata.ExitCode, ata.Output + ata.Error);
    }

    [TestMethod]
    public void A_malformed_deps_json_against_an_older_pin_is_the_file_that_differs()
    {
        using var bench = new PluginBench("deps-json-pinned");
        bench.Pin();
        File.WriteAllText(bench.PluginFile("PortScsi", "PortScsi.deps.json"), "not json");
        var (code, output, error) = bench.Validate();
        Assert.AreEqual(ExitCodes.PluginError, code, output + error);
        StringAssert.Contains(error, "PortScsi/PortScsi.deps.json changed since it was pinned");
    }

    [TestMethod]
    [DataRow("not .NET")]
    [DataRow("FIFO")]
    [DataRow("folder")]
    public void A_miniport_that_cannot_be_read_fails_its_stack_with_exit_3_and_no_other(string what)
    {
        using var bench = new PluginBench("unreadable-" + what.Replace(' ', '-').Replace(".", string.Empty, StringComparison.Ordinal));
        bench.Pin();
        string dll = bench.PluginFile("MiniportLsiSas", "MiniportLsiSas.dll");
        File.Delete(dll);
        switch (what)
        {
            case "not .NET":
                File.WriteAllBytes(dll, RandomNumberGenerator.GetBytes(4096));
                break;
            case "FIFO":
                MakeFifo(dll);
                break;
            default:
                Directory.CreateDirectory(dll);
                break;
        }

        // A FIFO would block its opener forever: every command here must finish.
        var named = Bounded(() => bench.Validate());
        Assert.AreEqual(ExitCodes.PluginError, named.ExitCode, named.Output + named.Error);
        StringAssert.Contains(named.Error, "LSI_SAS");
        StringAssert.Contains(named.Error, "MiniportLsiSas");
        StringAssert.Contains(named.Error, what switch { "not .NET" => "not a .NET assembly", "FIFO" => "a FIFO, socket or device", _ => "a folder" });
        AssertNoTrace(named.Error);

        var listing = Bounded(() => CliRun.InvokeWith(bench.Plugins, "plugins"));
        Assert.AreEqual(ExitCodes.PluginError, listing.ExitCode);
        StringAssert.Contains(listing.Error, "MiniportLsiSas");

        var other = Bounded(() => bench.ValidateAta());
        Assert.AreEqual(ExitCodes.Success, other.ExitCode, other.Output + other.Error);
    }

    [TestMethod]
    public void A_fifo_among_a_named_plugins_files_is_refused_without_opening_it()
    {
        using var bench = new PluginBench("fifo-deps");
        bench.Pin();
        string deps = bench.PluginFile("PortScsi", "PortScsi.deps.json");
        File.Delete(deps);
        MakeFifo(deps);
        foreach (string[] extra in new[] { Array.Empty<string>(), ["--allow-unpinned"] })
        {
            var result = Bounded(() => bench.Validate(string.Empty, extra));
            Assert.AreEqual(ExitCodes.PluginError, result.ExitCode, result.Output + result.Error);
            StringAssert.Contains(result.Error, "PortScsi/PortScsi.deps.json is a FIFO, socket or device");
        }
    }

    [TestMethod]
    public void An_assembly_without_a_driver_declaration_is_reported_and_breaks_nothing_else()
    {
        using var bench = new PluginBench("no-driver");
        bench.Pin();
        string stray = Path.Combine(bench.Plugins, "Stray");
        Directory.CreateDirectory(stray);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "YamlDotNet.dll"), Path.Combine(stray, "Stray.dll"));

        var listing = CliRun.InvokeWith(bench.Plugins, "plugins");
        Assert.AreEqual(ExitCodes.PluginError, listing.ExitCode);
        StringAssert.Contains(listing.Error, "Stray.dll declares no driver");
        var (code, output, error) = bench.Validate();
        Assert.AreEqual(ExitCodes.Success, code, output + error);
    }

    [TestMethod]
    public void A_malformed_lock_is_a_plugin_error()
    {
        using var bench = new PluginBench("bad-lock");
        File.WriteAllText(Path.Combine(bench.Plugins, "plugins.lock"), "{ \"format\": 1, \"plugins\": [ {");
        var (code, output, error) = bench.Validate();
        Assert.AreEqual(ExitCodes.PluginError, code, output + error);
        StringAssert.Contains(error, "plugins.lock is not valid JSON");
        AssertNoTrace(error);

        // Pinning again replaces it.
        bench.Pin();
        var (repinned, repinnedOutput, repinnedError) = bench.Validate();
        Assert.AreEqual(ExitCodes.Success, repinned, repinnedOutput + repinnedError);
    }

    [TestMethod]
    public void An_unknown_driver_name_is_still_invalid_input_when_every_plugin_reads()
    {
        using var bench = new PluginBench("unknown-name");
        bench.Pin();
        using var files = new StackFiles("unknown-name");
        string manifest = files.Manifest("diskdump", "LSI_SASS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        var (code, output, error) = CliRun.InvokeWith(bench.Plugins, "validate", manifest, "--synthetic-memory", "4 MiB");
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.Contains(error, "unknown miniport plugin 'LSI_SASS'");
    }

    private static void AssertNoTrace(string error) =>
        Assert.IsFalse(error.Contains("   at ", StringComparison.Ordinal), "a .NET stack trace reached the user:\n" + error);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.AreEqual(0, mkfifo.ExitCode, "mkfifo failed");
    }

    private static T Bounded<T>(Func<T> command)
    {
        var run = Task.Run(command);
        Assert.IsTrue(run.Wait(TimeSpan.FromSeconds(60)), "the command hung");
        return run.Result;
    }

    /// <summary>A plugin folder of copies of the built-in plugins (and test plugins) beside a test manifest, in a folder
    /// of its own, so that the probe's trace files land there too.</summary>
    private sealed class PluginBench : IDisposable
    {
        public PluginBench(string name, params string[] testPlugins)
        {
            Files = new StackFiles("integrity-" + name);
            Plugins = Path.Combine(Files.Folder, "plugins");
            TestPaths.CopyPlugins(Plugins, testPlugins);
        }

        public StackFiles Files { get; }

        public string Plugins { get; }

        public bool ProbeRan => File.Exists(Trace("module-initializer")) || File.Exists(Trace("static-constructor"));

        public string Trace(string what) => Path.Combine(Files.Folder, "probe." + what);

        public string PluginFile(string plugin, string file) => Path.Combine(Plugins, plugin, file);

        public void Pin()
        {
            var (code, _, error) = CliRun.InvokeWith(Plugins, "plugins", "--pin");
            Assert.AreEqual(ExitCodes.Success, code, error);
        }

        /// <summary>Copies a plugin folder under another name, renaming its files: a second plugin with the same identity.</summary>
        public void CopyPluginAs(string plugin, string copy)
        {
            string target = Path.Combine(Plugins, copy);
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(Path.Combine(Plugins, plugin)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file).Replace(plugin, copy, StringComparison.Ordinal)));
            }
        }

        /// <summary><c>validate</c> of an LSI SAS stack (diskdump, LSI_SAS) with <paramref name="filters"/>.</summary>
        public (int ExitCode, string Output, string Error) Validate(string filters = "", params string[] extra)
        {
            string manifest = Files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB, filters);
            return CliRun.InvokeWith(Plugins, ["validate", manifest, "--synthetic-memory", "4 MiB", .. extra]);
        }

        /// <summary><c>validate</c> of an ATA stack (dumpata, atapi): none of the SCSI plugins.</summary>
        public (int ExitCode, string Output, string Error) ValidateAta()
        {
            string manifest = Files.Manifest("dumpata", "atapi", "piix-ide", 64 * MiB, MiB, 32 * MiB);
            return CliRun.InvokeWith(Plugins, "validate", manifest, "--synthetic-memory", "4 MiB");
        }

        public void Dispose() => Files.Dispose();
    }
}
