using System.Security.Cryptography;
using DumpFramework.Host.Conformance;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Conformance;

/// <summary>
/// The conformance kit on a native stack: the C LSI SAS1068 sample, built as a Storport and as a ScsiPort driver and run
/// in the supervised worker, passes the scenarios that apply to it, as the managed LSI_SAS stack does.
/// </summary>
[TestClass]
public sealed class NativeStackConformanceTests
{
    private const long MiB = 1 << 20;

    /// <summary>The sample's manifest: the built library, pinned. The port polls every millisecond: each poll of
    /// HwInterrupt is a round trip to the worker, so the default 10 µs would turn a lost request's 30 s of stall time
    /// into minutes of wall time (3 million polls); 1 ms keeps it to 30 000 polls, and changes nothing the miniport sees.</summary>
    private static string Manifest(StackFiles files, string library, string links)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "native", "lib" + library + ".so");
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        return files.Manifest(
            "{name: diskdump, settings: {poll_interval_microseconds: \"1000\"}}",
            $"{{native: {path}, name: lsisas, links: {links}, sha256: {sha256}}}",
            "lsi-sas1068",
            64 * MiB,
            MiB,
            48 * MiB);
    }

    /// <summary>The PIIX sample's manifest: a ScsiPort miniport on diskdump driving the piix-ide channel.</summary>
    private static string PiixManifest(StackFiles files)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "native", "libpiix.so");
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        return files.Manifest(
            "{name: diskdump, settings: {poll_interval_microseconds: \"1000\"}}",
            $"{{native: {path}, name: piix, links: scsiport, sha256: {sha256}}}",
            "piix-ide",
            64 * MiB,
            MiB,
            48 * MiB);
    }

    [TestMethod]
    public void The_C_piix_sample_passes_the_scenarios_of_the_unit_tests()
    {
        using var files = new StackFiles("native-piix-conformance");
        var outcomes = ConformanceSupport.Run(PiixManifest(files), null, "clean-full-dump", "takeover-running", "medium-error-in-region", "selection-timeout", "hibernation-round-trip");
        ConformanceSupport.AssertNoFailure(outcomes);
        Assert.IsTrue(outcomes.All(o => o.Result == ScenarioResult.Pass), string.Join(Environment.NewLine, outcomes));
    }

    [TestMethod]
    [TestCategory("Conformance")]
    public void The_C_piix_sample_passes_every_applicable_scenario()
    {
        using var files = new StackFiles("native-piix-conformance-all");
        var outcomes = ConformanceSupport.Run(PiixManifest(files));
        ConformanceSupport.AssertNoFailure(outcomes);
        Assert.IsFalse(outcomes.Any(o => o.Result == ScenarioResult.Fail), string.Join(Environment.NewLine, outcomes));
    }

    [TestMethod]
    [DataRow("lsisas", "storport")]
    [DataRow("lsisas_scsiport", "scsiport")]
    public void The_C_lsi_sample_passes_the_scenarios_of_the_unit_tests(string library, string links)
    {
        using var files = new StackFiles("native-conformance");
        var outcomes = ConformanceSupport.Run(Manifest(files, library, links), null, "clean-full-dump", "takeover-running", "request-never-completes", "medium-error-in-region", "hibernation-round-trip");
        ConformanceSupport.AssertNoFailure(outcomes);
        Assert.IsTrue(outcomes.All(o => o.Result == ScenarioResult.Pass), string.Join(Environment.NewLine, outcomes));
    }

    [TestMethod]
    [TestCategory("Conformance")]
    [DataRow("lsisas", "storport")]
    [DataRow("lsisas_scsiport", "scsiport")]
    public void The_C_lsi_sample_passes_every_applicable_scenario(string library, string links)
    {
        using var files = new StackFiles("native-conformance-all");
        var outcomes = ConformanceSupport.Run(Manifest(files, library, links));
        ConformanceSupport.AssertNoFailure(outcomes);
        Assert.IsTrue(outcomes.Count(o => o.Result == ScenarioResult.Pass) >= 16, string.Join(Environment.NewLine, outcomes));
    }
}
