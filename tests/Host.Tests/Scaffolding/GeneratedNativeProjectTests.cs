using System.Security.Cryptography;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>
/// The generated C miniport projects as a vendor gets them: <c>dumpstack new miniport --lang c</c> for each link, then
/// the project's own <c>test.sh</c> (cmake builds lib&lt;name&gt;.so and the pinned manifest, <c>dumpstack dump</c>,
/// <c>dumpstack conformance</c> on a few scenarios) with this build's dumpstack, exit 0 = green. Slow (a CMake build
/// and native dumps per link): category Scaffolding.
/// </summary>
[TestClass]
[TestCategory("Scaffolding")]
public sealed class GeneratedNativeProjectTests
{
    /// <summary>A clean dump and the takeover of a controller left running: a dump path that works at all, and one that
    /// resets the IOC the normal-mode driver left OPERATIONAL. The whole catalogue runs under TestCategory=Conformance
    /// on the sample itself (NativeStackConformanceTests).</summary>
    private static readonly string[] Scenarios = ["clean-full-dump", "takeover-running"];

    [TestMethod]
    [DataRow("storport", "Raid")]
    [DataRow("scsiport", "ScsiRaid")]
    public void A_generated_C_miniport_builds_pins_its_manifest_dumps_and_passes_the_kit_through_its_test_script(string links, string name)
    {
        using var scratch = new ScratchFolder("native-scaffolding");
        string project = scratch.Combine("Contoso." + name);
        var (code, _, error) = CliRun.Invoke("new", "miniport", "--lang", "c", "--links", links, "--vendor", "Contoso", "--name", name, "-o", project);
        Assert.AreEqual(ExitCodes.Success, code, error);

        var (exit, output) = RunTestScript(project, Scenarios);
        Assert.AreEqual(0, exit, output);

        // The dump went through the generated driver, on its link, and every scenario ran and passed.
        StringAssert.Contains(output, $"dump_{links} -> dump_{name} -> LSI SAS1068");
        StringAssert.Contains(output, $"{Scenarios.Length} passed, 0 failed");
        string junit = File.ReadAllText(Path.Combine(project, "build", "conformance.xml"));
        foreach (string scenario in Scenarios)
        {
            StringAssert.Contains(junit, scenario);
        }

        // The manifest pins the library the build made.
        string library = Path.Combine(project, "build", $"lib{name}.so");
        string manifest = Path.Combine(project, "build", name + ".yaml");
        string pin = $"sha256: {Sha256(library)}";
        StringAssert.Contains(File.ReadAllText(manifest), pin);

        // A vendor's change rebuilds the library and pins it again: the script stays green with no hand edit.
        File.AppendAllText(Path.Combine(project, "src", name + ".c"), $"{Environment.NewLine}const char {name}Revision[] = \"2\";{Environment.NewLine}");
        (exit, output) = RunTestScript(project, "clean-full-dump");
        Assert.AreEqual(0, exit, output);
        StringAssert.DoesNotMatch(File.ReadAllText(manifest), new System.Text.RegularExpressions.Regex(pin), "the rebuilt library was not pinned again");
        StringAssert.Contains(File.ReadAllText(manifest), $"sha256: {Sha256(library)}");
    }

    /// <summary>The project's test.sh with this build's dumpstack (DUMPSTACK, as its README says for a dumpstack not on PATH).</summary>
    private static (int ExitCode, string Output) RunTestScript(string project, params string[] scenarios) =>
        ChildProcess.Run(
            "sh",
            ["test.sh", "--scenario", .. scenarios],
            project,
            new Dictionary<string, string?> { ["DUMPSTACK"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "dumpstack.dll")}" },
            TimeSpan.FromMinutes(10));

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
