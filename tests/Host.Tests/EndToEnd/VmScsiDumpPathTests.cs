using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>The VMware BusLogic path: dump_scsiport (diskdump) → dump_vmscsi → emulated BT-958 → SCSI disk → image
/// file. Every dump starts from the crash state the bugcheck leaves (running, boot driver mailboxes, IMBL latched).</summary>
[TestClass]
public sealed class VmScsiDumpPathTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("0")]
    [DataRow("1")]
    [DataRow("3")]
    public void A_dump_of_random_memory_with_many_more_requests_than_mailboxes_reads_back_identical(string latency)
    {
        using var files = new StackFiles("vmscsi-e2e");
        string manifest = files.Manifest("diskdump", "vmscsi", $"{{model: buslogic-bt958, settings: {{completion_latency: \"{latency}\"}}}}", 160 * MiB, MiB, 150 * MiB);
        using var memory = new SyntheticMemory(128 * MiB, seed: 23);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(128 * MiB, seed: 23));
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.IsTrue(result.PortStatistics.RequestsStarted > 200, "the 8-mailbox rings must wrap many times");

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }

    [TestMethod]
    public void A_dump_of_memory_above_4_GiB_is_bounced_below_the_adapters_32_bit_reach_and_reads_back_identical()
    {
        using var files = new StackFiles("vmscsi-high");
        string manifest = files.Manifest("diskdump", "vmscsi", "buslogic-bt958", 64 * MiB, MiB, 48 * MiB);
        PhysicalRange[] runs = [new(0x10_0000, 8 * MiB), new(0x1_0000_0000, 16 * MiB)];
        using var memory = new SyntheticMemory(runs, 5);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(runs, 5));
        Assert.IsTrue(result.Succeeded, result.Error);

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }

    [TestMethod]
    public void The_show_command_draws_dump_scsiport_over_dump_vmscsi_over_the_BT_958()
    {
        var (code, output, error) = CliRun.Invoke("show", TestPaths.Stack("vmscsi"));
        Assert.AreEqual(ExitCodes.Success, code, error);
        string[] lines = output.Split('\n');
        int port = Array.FindIndex(lines, l => l.TrimStart().StartsWith("dump_scsiport", StringComparison.Ordinal));
        int miniport = Array.FindIndex(lines, l => l.TrimStart().StartsWith("dump_vmscsi", StringComparison.Ordinal));
        int controller = Array.FindIndex(lines, l => l.TrimStart().StartsWith("buslogic-bt958", StringComparison.Ordinal));
        Assert.IsTrue(port > 0 && miniport > port && controller > miniport, output);
        StringAssert.Contains(lines[port], "bound as dump_scsiport");
        Assert.IsFalse(output.Contains("not implemented", StringComparison.Ordinal), output);
    }

    [TestMethod]
    public void An_absent_target_ends_in_a_selection_timeout_and_a_failed_dump()
    {
        using var files = new StackFiles("vmscsi-absent");
        string manifest = files.Manifest("diskdump", "vmscsi", "buslogic-bt958", 32 * MiB, MiB, 16 * MiB, diskExtra: "attached: false");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory([new(0x100000, 4 * MiB)], 1));
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "SRB_STATUS_SELECTION_TIMEOUT");
        StringAssert.Contains(result.Error, "dump_vmscsi");
        Assert.AreEqual(0, result.BytesWritten);
    }

    [TestMethod]
    public void A_crash_dump_through_dumpfve_on_the_vmscsi_stack_extracts_and_verifies()
    {
        using var files = new StackFiles("vmscsi-fve");
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), "00112233445566778899aabbccddeeff0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f0ffeeddccbbaa99887766554433221100");
        string manifest = files.Manifest("diskdump", "vmscsi", "buslogic-bt958", 64 * MiB, MiB, 48 * MiB, filters: "filters: [{name: dumpfve, settings: {key_file: fvek.hex, volume_offset: 1 MiB}}]");
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
        using var files = new StackFiles("vmscsi-slow");
        // CCBs complete only after five million polls: longer than the 30 s SRB timeout counted in stall time.
        string manifest = files.Manifest("diskdump", "vmscsi", "{model: buslogic-bt958, settings: {completion_latency: \"5000000\"}}", 32 * MiB, MiB, 16 * MiB);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory([new(0x100000, 4 * MiB)], 1));
        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual(1, result.PortStatistics.AdapterReinitializations);
        Assert.AreEqual(2, result.PortStatistics.Timeouts);
        StringAssert.Contains(result.Error, "dump_vmscsi");
        Assert.AreEqual(0, result.BytesWritten);
    }

    [TestMethod]
    public void A_CCB_that_hangs_mid_stream_is_recovered_by_a_hard_reset_and_the_dump_completes()
    {
        using var files = new StackFiles("vmscsi-hang");
        // The 40th CCB never completes: the port times out and re-initializes the miniport, whose hard reset drops the
        // CCB at the adapter; the port resubmits and the dump goes on.
        string manifest = files.Manifest("diskdump", "vmscsi", "{model: buslogic-bt958, settings: {hang_request: \"40\"}}", 64 * MiB, MiB, 48 * MiB);
        using var memory = new SyntheticMemory(24 * MiB, seed: 19);
        Host.Dump.DumpLog? log = null;
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(24 * MiB, seed: 19), session => log = session.Log);
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(1, result.PortStatistics.Timeouts);
        Assert.AreEqual(1, result.PortStatistics.AdapterReinitializations);
        var entries = log!.Entries.Select(e => e.ToString()).ToList();
        Assert.IsTrue(entries.Any(e => e.Contains("Adapter re-initialized (HwFindAdapter, HwInitialize)", StringComparison.Ordinal)), string.Join(Environment.NewLine, entries));

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }
}
