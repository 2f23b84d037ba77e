using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>The VMware paravirtual path: dump_storport (diskdump) → dump_pvscsi → emulated PVSCSI → SCSI disk → image file.</summary>
[TestClass]
public sealed class PvscsiDumpPathTests
{
    [TestMethod]
    [DataRow("0")]
    [DataRow("3")]
    public void A_dump_with_many_more_requests_than_ring_entries_reads_back_identical(string latency)
    {
        long requests = DumpPathScenarios.RandomMemoryReadsBackIdentical("pvscsi-e2e", "pvscsi", $"{{model: pvscsi, settings: {{completion_latency: \"{latency}\"}}}}", seed: 21);
        Assert.IsTrue(requests > 200, "the rings must wrap many times");
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
    public void An_absent_target_ends_in_a_selection_timeout_and_a_failed_dump() =>
        DumpPathScenarios.AbsentTargetFailsWithSelectionTimeout("pvscsi-absent", "pvscsi", "pvscsi");

    [TestMethod]
    public void A_crash_dump_through_dumpfve_on_the_pvscsi_stack_extracts_and_verifies() =>
        DumpPathScenarios.FveCrashDumpExtractsAndVerifies("pvscsi-fve", "pvscsi", "pvscsi");

    [TestMethod]
    public void An_adapter_that_stops_answering_times_out_in_stall_time_is_reinitialized_once_and_fails_the_dump() =>
        DumpPathScenarios.StoppedAdapterTimesOutAndFails("pvscsi-slow", "pvscsi", "pvscsi");

    [TestMethod]
    public void An_adapter_that_hangs_mid_stream_is_reset_the_outstanding_request_ends_with_busreset_and_the_dump_completes() =>
        // The 40th request is never answered: the port times out, re-initializes the miniport (ADAPTER_RESET ends the
        // request with BUSRESET), resubmits, and the dump goes on.
        DumpPathScenarios.HungRequestIsRecoveredAndTheDumpCompletes("pvscsi-reset", "pvscsi", "{model: pvscsi, settings: {completion_latency: \"1\", hang_request: \"40\"}}", seed: 17);
}
