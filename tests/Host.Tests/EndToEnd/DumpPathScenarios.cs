using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>End-to-end checks every SCSI dump path must pass, parameterized by its miniport and controller model.</summary>
internal static class DumpPathScenarios
{
    private const long MiB = 1 << 20;

    /// <summary>A dump of random memory through many more requests than the adapter's queue holds reads back
    /// identical; returns the requests started.</summary>
    public static long RandomMemoryReadsBackIdentical(string name, string miniport, string controller, int seed)
    {
        using var files = new StackFiles(name);
        string manifest = files.Manifest("diskdump", miniport, controller, 160 * MiB, MiB, 150 * MiB);
        using var memory = new SyntheticMemory(128 * MiB, seed: seed);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(128 * MiB, seed: seed));
        Assert.IsTrue(result.Succeeded, result.Error);

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
        return result.PortStatistics.RequestsStarted;
    }

    /// <summary>A disk that does not answer on the bus fails the dump with a selection timeout naming the miniport.</summary>
    public static void AbsentTargetFailsWithSelectionTimeout(string name, string miniport, string controller)
    {
        using var files = new StackFiles(name);
        string manifest = files.Manifest("diskdump", miniport, controller, 32 * MiB, MiB, 16 * MiB, diskExtra: "attached: false");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory([new(0x100000, 4 * MiB)], 1));
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "SRB_STATUS_SELECTION_TIMEOUT");
        StringAssert.Contains(result.Error, "dump_" + miniport);
        Assert.AreEqual(0, result.BytesWritten);
    }

    /// <summary>A complete crash dump through dumpfve on the path extracts and verifies.</summary>
    public static void FveCrashDumpExtractsAndVerifies(string name, string miniport, string controller)
    {
        using var files = new StackFiles(name);
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), "00112233445566778899aabbccddeeff0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f0ffeeddccbbaa99887766554433221100");
        string manifest = files.Manifest("diskdump", miniport, controller, 64 * MiB, MiB, 48 * MiB, filters: "filters: [{name: dumpfve, settings: {key_file: fvek.hex, volume_offset: 1 MiB}}]");
        var (code, _, error) = CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--synthetic-memory", "24 MiB", "--seed", "3", "--format", "full"]);
        Assert.AreEqual(ExitCodes.Success, code, error);
        string dump = Path.Combine(files.Folder, "MEMORY.DMP");
        var extract = CliRun.InvokeWith(TestPaths.Plugins, "extract", "-m", manifest, "-o", dump);
        Assert.AreEqual(ExitCodes.Success, extract.ExitCode, extract.Error);
        var verify = CliRun.Invoke("verify", dump, "--synthetic-memory", "24 MiB", "--seed", "3");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
    }

    /// <summary>Completions that arrive only after five million polls (longer than the 30 s SRB timeout counted in
    /// stall time): two timeouts, one re-initialization, a failed dump that wrote nothing.</summary>
    public static void StoppedAdapterTimesOutAndFails(string name, string miniport, string model)
    {
        using var files = new StackFiles(name);
        // Completions arrive only after 50 s of device time: longer than the 30 s SRB timeout counted in stall time.
        string manifest = files.Manifest("diskdump", miniport, $"{{model: {model}, settings: {{completion_latency: \"50000000\"}}}}", 32 * MiB, MiB, 16 * MiB);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory([new(0x100000, 4 * MiB)], 1));
        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual(1, result.PortStatistics.AdapterReinitializations);
        Assert.AreEqual(2, result.PortStatistics.Timeouts);
        StringAssert.Contains(result.Error, "dump_" + miniport);
        Assert.AreEqual(0, result.BytesWritten);
    }

    /// <summary>The Nth request hangs: one timeout, one re-initialization through HwFindAdapter and HwInitialize (no
    /// HwAdapterControl), the request resubmitted, and the dump reads back identical.</summary>
    public static void HungRequestIsRecoveredAndTheDumpCompletes(string name, string miniport, string controller, int seed)
    {
        using var files = new StackFiles(name);
        string manifest = files.Manifest("diskdump", miniport, controller, 64 * MiB, MiB, 48 * MiB);
        using var memory = new SyntheticMemory(24 * MiB, seed: seed);
        Host.Dump.DumpLog? log = null;
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(24 * MiB, seed: seed), session => log = session.Log);
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(1, result.PortStatistics.Timeouts);
        Assert.AreEqual(1, result.PortStatistics.AdapterReinitializations);
        var entries = log!.Entries.Select(e => e.ToString()).ToList();
        Assert.IsTrue(entries.Any(e => e.Contains("Adapter re-initialized (HwFindAdapter, HwInitialize)", StringComparison.Ordinal)), string.Join(Environment.NewLine, entries));
        Assert.IsFalse(entries.Any(e => e.Contains("HwAdapterControl", StringComparison.Ordinal)), string.Join(Environment.NewLine, entries));

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }
}
