using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Orchestration;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Filters;

/// <summary>The host's filter chain with real plugins: call order, the buffer rule, failure handling.</summary>
[TestClass]
public sealed class FilterChainTests
{
    private const long MiB = 1 << 20;
    private static readonly PhysicalRange[] Runs = [new(0x100000, 4 * MiB), new(0x1000000, 2 * MiB)];

    [TestMethod]
    public void Two_filters_are_called_in_manifest_order_for_the_crash_and_in_reverse_for_read_back()
    {
        using var files = new StackFiles("filter-order");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [recfa, recfb]");
        List<string> crash;
        using (var session = Sessions.Open(manifest, new SyntheticMemory(Runs, 2), TestPaths.PluginsWithTestDrivers))
        {
            var result = session.Dump(Sessions.RawPlan(session), new RecordingProgress());
            Assert.IsTrue(result.Succeeded, result.Error);
            crash = Calls(session.Log);
        }

        // DriverEntry at assembly, DumpStart, then every write through A before B, DumpFinish last.
        CollectionAssert.AreEqual(new[] { "recfa:Initialize", "recfb:Initialize", "recfa:Start", "recfb:Start" }, crash.Take(4).ToArray());
        var writes = crash.Skip(4).TakeWhile(c => c.Contains(":Write(", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(writes.Count >= 2 && writes.Count % 2 == 0);
        for (int i = 0; i < writes.Count; i += 2)
        {
            StringAssert.StartsWith(writes[i], "recfa:Write(");
            Assert.AreEqual(writes[i].Replace("recfa", "recfb", StringComparison.Ordinal), writes[i + 1]);
        }

        StringAssert.StartsWith(writes[0], "recfa:Write(0,");
        CollectionAssert.AreEqual(new[] { "recfa:Finish", "recfb:Finish" }, crash.Skip(4 + writes.Count).Take(2).ToArray());

        using var read = Sessions.Open(manifest, new EmptyMemory(), TestPaths.PluginsWithTestDrivers);
        int before = read.Log.Entries.Count;
        using var sink = new MemoryStream();
        Assert.IsTrue(read.Read(6 * MiB, sink, new RecordingProgress()).Succeeded);
        var reads = Calls(read.Log).Skip(2).Where(c => c.Contains(":Read(", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(reads.Count >= 2);
        StringAssert.StartsWith(reads[0], "recfb:Read(0,");
        StringAssert.StartsWith(reads[1], "recfa:Read(0,");
        Assert.IsTrue(before >= 2);
    }

    private const string FveKey = "4d9f7a2c11e05b3896a1c7f0e23d5b6a08f1e2d3c4b5a69788796a5b4c3d2e1f";

    [TestMethod]
    public void A_pipelined_filter_runs_on_a_second_processor_and_every_byte_is_written_once()
    {
        using var files = new StackFiles("filter-pipelined");
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), FveKey);
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [{name: dumpfve, settings: {key_file: fvek.hex}}]");
        using (var session = Sessions.Open(manifest, new SyntheticMemory(Runs, 2)))
        {
            Assert.IsNotNull(session.Filters.Worker, "dumpfve sets PipelinedWrites: its DumpWrite should run on the worker");
            var result = session.Dump(Sessions.RawPlan(session), new RecordingProgress());
            Assert.IsTrue(result.Succeeded, result.Error);
            Assert.AreEqual(6 * MiB, result.BytesWritten);
            Assert.IsFalse(session.Filters.Worker.Busy, "a write was left on the second processor");
            Assert.IsTrue(session.Log.Entries.Any(e => e.Message.Contains("second processor", StringComparison.Ordinal)));
        }

        using var memory = new SyntheticMemory(Runs, 2);
        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"plaintext differs at dump offset {mismatch}");
    }

    [TestMethod]
    public void A_failure_on_the_second_processor_fails_the_dump_naming_the_filter()
    {
        using var files = new StackFiles("filter-pipelined-fail");
        File.WriteAllText(Path.Combine(files.Folder, "fvek.hex"), FveKey);
        // The encrypted volume starts after the dump region: every DumpWrite refuses its write.
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [{name: dumpfve, settings: {key_file: fvek.hex, volume_offset: 12 MiB}}]");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, 2));
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "dump_dumpfve: DumpWrite");
        Assert.AreEqual(0L, result.BytesWritten, "a refused write reached the disk");
    }

    [TestMethod]
    public void A_filter_that_changes_the_pages_in_place_is_caught_and_named()
    {
        using var files = new StackFiles("filter-inplace");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [inplace]");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, 2, writable: true), plugins: TestPaths.PluginsWithTestDrivers);
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "dump_inplace: DumpWrite modified the data in place");
        Assert.AreEqual(0, result.BytesWritten);
    }

    [TestMethod]
    public void A_critical_filter_that_fails_to_initialize_fails_the_stack_before_anything_is_written()
    {
        using var files = new StackFiles("filter-critical");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [{name: failinit, settings: {critical: \"true\"}}]");
        var error = Assert.ThrowsExactly<DumpFailedException>(() => Sessions.Open(manifest, new SyntheticMemory(Runs, 2), TestPaths.PluginsWithTestDrivers));
        StringAssert.Contains(error.Message, "dump_failinit: initialization failed");
        StringAssert.Contains(error.Message, "critical");

        // The filter's own log line says why; the status alone (0xC0000001) would not.
        StringAssert.Contains(error.Message, ": the test filter refuses to start;");
        // Filters initialize before the hardware is built: the disk image was never even created.
        Assert.IsFalse(File.Exists(files.Disk()), "a stack that failed to initialize created its disk image");
    }

    [TestMethod]
    public void A_non_critical_filter_that_fails_to_initialize_is_skipped_with_a_warning()
    {
        using var files = new StackFiles("filter-noncritical");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [{name: failinit, settings: {critical: \"false\"}}, recfa]");
        using var session = Sessions.Open(manifest, new SyntheticMemory(Runs, 2), TestPaths.PluginsWithTestDrivers);
        var result = session.Dump(Sessions.RawPlan(session), new RecordingProgress());
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.IsTrue(session.Log.Entries.Any(e => e.Level == DumpLogLevel.Warning && e.Message.Contains("dump_failinit", StringComparison.Ordinal) && e.Message.Contains("skipped", StringComparison.Ordinal)));
        Assert.AreEqual(1, session.Filters.Filters.Count);
    }

    [TestMethod]
    public void The_abort_policy_stops_at_the_failing_write_and_nothing_after_it_reaches_the_disk()
    {
        using var files = new StackFiles("filter-abort");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [{name: failwrite, settings: {fail_at: \"3\"}}]");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, 2), plugins: TestPaths.PluginsWithTestDrivers);
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "dump_failwrite: DumpWrite returned");
        StringAssert.Contains(result.Error, "aborted");
        Assert.AreEqual(2, result.Writes);
        AssertAllZero(files.Disk(), MiB + result.BytesWritten, 8 * MiB - result.BytesWritten);
    }

    [TestMethod]
    public void The_continue_policy_records_the_error_and_completes()
    {
        using var files = new StackFiles("filter-continue");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB, filters: "filters: [{name: failwrite, settings: {fail_at: \"3\"}}]", extra: "filter_errors: continue");
        using var session = Sessions.Open(manifest, new SyntheticMemory(Runs, 2), TestPaths.PluginsWithTestDrivers);
        var result = session.Dump(Sessions.RawPlan(session), new RecordingProgress());
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.IsTrue(session.Filters.RecordedErrors.Count > 0);
        Assert.IsTrue(session.Log.Entries.Any(e => e.Level == DumpLogLevel.Error && e.Source == "dump_failwrite"));
    }

    private static List<string> Calls(DumpLog log) =>
        [.. log.Entries.Where(e => e.Source.StartsWith("dump_recf", StringComparison.Ordinal)).Select(e => e.Message)];

    private static void AssertAllZero(string path, long offset, long length)
    {
        using var file = File.OpenRead(path);
        file.Position = offset;
        var buffer = new byte[1 << 20];
        for (long done = 0; done < length;)
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, length - done));
            if (read == 0)
            {
                return;
            }

            int index = buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0);
            Assert.AreEqual(-1, index, $"non-zero byte at disk offset {offset + done + index}");
            done += read;
        }
    }
}
