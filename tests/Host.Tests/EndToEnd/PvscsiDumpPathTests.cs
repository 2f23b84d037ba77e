using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>The VMware paravirtual path: dump_storport (diskdump) → dump_pvscsi → emulated PVSCSI → SCSI disk → image file.</summary>
[TestClass]
public sealed class PvscsiDumpPathTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("0")]
    [DataRow("3")]
    public void A_dump_with_many_more_requests_than_ring_entries_reads_back_identical(string latency)
    {
        using var files = new StackFiles("pvscsi-e2e");
        string manifest = files.Manifest("diskdump", "pvscsi", $"{{model: pvscsi, settings: {{completion_latency: \"{latency}\"}}}}", 160 * MiB, MiB, 150 * MiB);
        using var memory = new SyntheticMemory(128 * MiB, seed: 21);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(128 * MiB, seed: 21));
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.IsTrue(result.PortStatistics.RequestsStarted > 200, "the rings must wrap many times");

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }

    [TestMethod]
    public void The_show_command_draws_the_pvscsi_stack_bound_as_dump_storport()
    {
        var (code, output, error) = CliRun.Invoke("show", TestPaths.Stack("pvscsi"));
        Assert.AreEqual(ExitCodes.Success, code, error);
        StringAssert.Contains(output, "bound as dump_storport");
        StringAssert.Contains(output, "dump_pvscsi");
        Assert.IsFalse(output.Contains("not implemented", StringComparison.Ordinal), output);
    }

    [TestMethod]
    public void An_absent_target_ends_in_a_selection_timeout_and_a_failed_dump()
    {
        using var files = new StackFiles("pvscsi-absent");
        string manifest = files.Manifest("diskdump", "pvscsi", "pvscsi", 32 * MiB, MiB, 16 * MiB, diskExtra: "attached: false");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory([new(0x100000, 4 * MiB)], 1));
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "SRB_STATUS_SELECTION_TIMEOUT");
        StringAssert.Contains(result.Error, "dump_pvscsi");
        Assert.AreEqual(0, result.BytesWritten);
    }

    [TestMethod]
    public void A_crash_dump_through_dumpfve_on_the_pvscsi_stack_extracts_and_verifies()
    {
        using var files = new StackFiles("pvscsi-fve");
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), "00112233445566778899aabbccddeeff0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f0ffeeddccbbaa99887766554433221100");
        string manifest = files.Manifest("diskdump", "pvscsi", "pvscsi", 64 * MiB, MiB, 48 * MiB, filters: "filters: [{name: dumpfve, settings: {key_file: fvek.hex, volume_offset: 1 MiB}}]");
        var (code, output, error) = CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--synthetic-memory", "24 MiB", "--seed", "3", "--format", "full"]);
        Assert.AreEqual(ExitCodes.Success, code, error);
        string dump = Path.Combine(files.Folder, "MEMORY.DMP");
        var extract = CliRun.InvokeWith(TestPaths.Plugins, "extract", "-m", manifest, "-o", dump);
        Assert.AreEqual(ExitCodes.Success, extract.ExitCode, extract.Error);
        var verify = CliRun.Invoke("verify", dump, "--synthetic-memory", "24 MiB", "--seed", "3");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
    }

    [TestMethod]
    public void An_adapter_that_stops_answering_times_out_in_stall_time_is_reinitialized_once_and_fails_the_dump()
    {
        using var files = new StackFiles("pvscsi-hang");
        // Completions arrive only after five million polls: longer than the 30 s SRB timeout counted in stall time.
        string manifest = files.Manifest("diskdump", "pvscsi", "{model: pvscsi, settings: {completion_latency: \"5000000\"}}", 32 * MiB, MiB, 16 * MiB);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory([new(0x100000, 4 * MiB)], 1));
        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual(1, result.PortStatistics.AdapterReinitializations);
        Assert.AreEqual(2, result.PortStatistics.Timeouts);
        StringAssert.Contains(result.Error, "dump_pvscsi");
        Assert.AreEqual(0, result.BytesWritten);
    }

    [TestMethod]
    public void An_adapter_that_hangs_mid_stream_is_reset_the_outstanding_request_ends_with_busreset_and_the_dump_completes()
    {
        using var files = new StackFiles("pvscsi-reset");
        // The 40th request is never answered: the port times out, resets the adapter (ADAPTER_RESET ends the request
        // with BUSRESET), resubmits, and the dump goes on.
        string manifest = files.Manifest("diskdump", "pvscsi", "{model: pvscsi, settings: {completion_latency: \"1\", hang_request: \"40\"}}", 64 * MiB, MiB, 48 * MiB);
        using var memory = new SyntheticMemory(24 * MiB, seed: 17);
        Host.Dump.DumpLog? log = null;
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(24 * MiB, seed: 17), session => log = session.Log);
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(1, result.PortStatistics.Timeouts);
        Assert.AreEqual(1, result.PortStatistics.AdapterReinitializations);

        // pvscsi has no HwAdapterControl: the port brings the adapter back with HwFindAdapter and HwInitialize.
        var entries = log!.Entries.Select(e => e.ToString()).ToList();
        Assert.IsTrue(entries.Any(e => e.Contains("Adapter re-initialized (HwFindAdapter, HwInitialize)", StringComparison.Ordinal)), string.Join(Environment.NewLine, entries));
        Assert.IsFalse(entries.Any(e => e.Contains("HwAdapterControl", StringComparison.Ordinal)), string.Join(Environment.NewLine, entries));

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }
}
