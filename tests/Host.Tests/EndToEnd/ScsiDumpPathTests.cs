using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Scsi;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

[TestClass]
public sealed class ScsiDumpPathTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    public void A_multi_run_memory_image_dumps_through_dump_storport_and_reads_back_identical()
    {
        using var files = new StackFiles("lsi-e2e");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 320 * MiB, MiB, 300 * MiB);
        using var memory = new SyntheticMemory(256 * MiB, seed: 11);
        Assert.IsTrue(memory.Ranges.Count >= 3, "the synthetic memory should have several runs");

        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(256 * MiB, seed: 11));
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(256 * MiB, result.BytesWritten);
        Assert.IsTrue(result.PortStatistics.RequestsStarted >= result.Writes);

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.AreEqual(256 * MiB, read.BytesRead);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }

    [TestMethod]
    public void A_dump_region_beyond_lba_2_pow_32_uses_16_byte_cdbs_and_reads_back()
    {
        using var files = new StackFiles("lsi-2tib");
        long regionOffset = (1L << 32) * 512 + MiB;
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", regionOffset + 64 * MiB, regionOffset, 32 * MiB);
        var runs = new[] { new Abstractions.Hardware.PhysicalRange(0x100000, 8 * MiB), new Abstractions.Hardware.PhysicalRange(0x2000000, 8 * MiB) };
        using var memory = new SyntheticMemory(runs, seed: 3);

        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(runs, seed: 3));
        Assert.IsTrue(result.Succeeded, result.Error);

        // The bytes sit where LBA >= 2^32 says, in the image file itself.
        var first = new byte[4096];
        var expected = new byte[4096];
        using (var image = File.OpenRead(files.Disk()))
        {
            image.Position = regionOffset;
            image.ReadExactly(first);
        }

        Assert.IsTrue(memory.TryRead(0x100000, expected));
        CollectionAssert.AreEqual(expected, first);

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch);
    }

    [TestMethod]
    public void Busy_and_unit_attention_are_retried_counted_and_the_dump_completes()
    {
        using var files = new StackFiles("lsi-retry");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        var runs = new[] { new Abstractions.Hardware.PhysicalRange(0x100000, 16 * MiB) };
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(runs, seed: 5), session =>
        {
            var target = (ScsiDiskTarget)session.Hardware.Targets[0];
            target.Options.BusyCount = 3;
            target.Options.UnitAttentionCount = 2;
            target.Options.RecoveredErrorCount = 1;
        });
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(3, result.PortStatistics.BusyResubmits);
        Assert.AreEqual(2 + 1, result.PortStatistics.Retries, "the two injected and the one after the takeover's reset");
        Assert.AreEqual(1, result.PortStatistics.RecoveredErrors);

        using var memory = new SyntheticMemory(runs, seed: 5);
        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch);
    }

    [TestMethod]
    public void A_hung_request_is_recovered_through_HwAdapterControl_stop_and_restart_and_the_dump_reads_back()
    {
        using var files = new StackFiles("lsi-restart");
        // The 30th SCSI IO is never answered: the port times out, resets the bus and, because LSI_SAS reported
        // ScsiStopAdapter and ScsiRestartAdapter, stops (message unit reset) and restarts the IOC instead of calling
        // HwFindAdapter again; the request is resubmitted and the dump goes on.
        string manifest = files.Manifest("diskdump", "LSI_SAS", "{model: lsi-sas1068, settings: {hang_request: \"30\"}}", 64 * MiB, MiB, 48 * MiB);
        using var memory = new SyntheticMemory(24 * MiB, seed: 23);
        DumpLog? log = null;
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(24 * MiB, seed: 23), session => log = session.Log);
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(1, result.PortStatistics.Timeouts);
        Assert.AreEqual(1, result.PortStatistics.AdapterReinitializations);
        var entries = log!.Entries.Select(e => e.ToString()).ToList();
        string all = string.Join(Environment.NewLine, entries);
        Assert.IsTrue(entries.Any(e => e.Contains("Adapter restarted (HwAdapterControl ScsiStopAdapter, ScsiRestartAdapter)", StringComparison.Ordinal)), all);
        Assert.IsFalse(entries.Any(e => e.Contains("HwFindAdapter, HwInitialize", StringComparison.Ordinal)), all);

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }

    [TestMethod]
    public void A_disk_that_never_becomes_ready_fails_the_dump_naming_the_layers()
    {
        using var files = new StackFiles("lsi-notready");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 32 * MiB);
        var runs = new[] { new Abstractions.Hardware.PhysicalRange(0x100000, 16 * MiB) };
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(runs, seed: 5), session =>
            ((ScsiDiskTarget)session.Hardware.Targets[0]).Options.NotReadyBecomingReadyCount = 1000);
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "dump_storport");
        StringAssert.Contains(result.Error, "dump_LSI_SAS");
        Assert.IsTrue(result.PortStatistics.Retries >= 5);
    }

    [TestMethod]
    public void The_default_dump_command_writes_a_crash_dump_that_extracts_and_verifies()
    {
        var (code, text, error) = CliRun.Invoke("dump", "--synthetic-memory", "64 MiB", "--seed", "1");
        Assert.AreEqual(ExitCodes.Success, code, error);
        StringAssert.Contains(text, DumpWriter.InitMessage);
        StringAssert.Contains(text, "Dumping physical memory to disk: 100%");
        StringAssert.Contains(text, DumpWriter.DoneMessage);
        StringAssert.Contains(text, "complete memory dump (DumpType 1)");
        StringAssert.Contains(text, "dump_storport -> dump_LSI_SAS -> LSI SAS1068");

        // The summary says where it went and how to get it back; follow it.
        const string Hint = "extract it as SMSS would: dumpstack extract -m ";
        string manifest = text.Split('\n').Single(l => l.StartsWith(Hint, StringComparison.Ordinal))[Hint.Length..].Replace(" -o MEMORY.DMP", string.Empty, StringComparison.Ordinal).Trim();
        string folder = Path.GetDirectoryName(manifest)!;
        try
        {
            string dump = Path.Combine(folder, "MEMORY.DMP");
            var extract = CliRun.Invoke("extract", "-m", manifest, "-o", dump);
            Assert.AreEqual(ExitCodes.Success, extract.ExitCode, extract.Error);
            var verify = CliRun.Invoke("verify", dump, "--synthetic-memory", "64 MiB", "--seed", "1");
            Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void A_dump_too_large_for_its_region_is_refused_before_anything_is_written_and_never_reported_as_written()
    {
        using var files = new StackFiles("lsi-fail-cli");
        string manifest = files.Manifest("diskdump", "LSI_SAS", "lsi-sas1068", 64 * MiB, MiB, 8 * MiB);
        // 64 MiB of memory cannot fit an 8 MiB region: the plan refuses it before the disk image is even created.
        var (code, output, error) = CliRun.Invoke("dump", "-m", manifest, "--synthetic-memory", "64 MiB", "--seed", "1", "--format", "raw");
        Assert.AreEqual(ExitCodes.InvalidInput, code, output + error);
        StringAssert.Contains(error, "its block map holds only");
        Assert.IsFalse(output.Contains("dump written", StringComparison.Ordinal));
        Assert.IsFalse(File.Exists(files.Disk()), "a refused dump created its disk image");
    }
}
