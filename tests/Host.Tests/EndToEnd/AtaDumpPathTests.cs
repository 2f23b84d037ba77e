using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>The ATA path: dump_ataport (dumpata) → dump_atapi → emulated PIIX IDE channel → ATA disk → image file.</summary>
[TestClass]
public sealed class AtaDumpPathTests
{
    private const long MiB = 1 << 20;

    // A run above 4 GiB makes the DMA path bounce through a common buffer (PRDs are 32-bit).
    private static readonly PhysicalRange[] Runs = [new(0x1000, 0x9E000), new(0x100000, 12 * MiB), new(0x1_0000_0000, 4 * MiB)];

    [TestMethod]
    [DataRow("pio", "false")]
    [DataRow("pio-multiple", "false")]
    [DataRow("dma", "false")]
    [DataRow("dma", "true")]
    public void A_dump_reads_back_identical_in_each_transfer_mode(string mode, string lba48)
    {
        using var files = new StackFiles("ata-" + mode);
        string manifest = files.Manifest("dumpata", $"{{name: atapi, settings: {{transfer_mode: {mode}, lba48: \"{lba48}\"}}}}", "{model: piix-ide, settings: {completion_latency: \"2\"}}", 48 * MiB, MiB, 40 * MiB);
        using var memory = new SyntheticMemory(Runs, 31);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, 31));
        Assert.IsTrue(result.Succeeded, result.Error);

        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }

    [TestMethod]
    public void A_region_beyond_128_GiB_forces_lba48_and_reads_back()
    {
        using var files = new StackFiles("ata-lba48");
        long offset = 200L << 30;
        string manifest = files.Manifest("dumpata", "{name: atapi, settings: {transfer_mode: dma, lba48: \"true\"}}", "piix-ide", offset + 64 * MiB, offset, 32 * MiB);
        using var memory = new SyntheticMemory(Runs, 33);
        Assert.IsTrue(Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, 33)).Succeeded);
        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch);

        // The same region with 48-bit commands forbidden is refused, naming the setting.
        string refused = files.Manifest("dumpata", "{name: atapi, settings: {transfer_mode: dma, lba48: \"false\"}}", "piix-ide", offset + 64 * MiB, offset, 32 * MiB);
        var result = Sessions.DumpRaw(refused, new SyntheticMemory(Runs, 33));
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "lba48");
    }

    [TestMethod]
    public void A_crash_dump_through_the_ata_stack_extracts_and_verifies()
    {
        using var files = new StackFiles("ata-crash");
        string manifest = files.Manifest("dumpata", "atapi", "piix-ide", 64 * MiB, MiB, 48 * MiB);
        var (code, output, error) = CliRun.InvokeWith(TestPaths.Plugins, ["dump", "-m", manifest, "--synthetic-memory", "24 MiB", "--seed", "5", "--format", "bitmap", "--omit-zero-pages"]);
        Assert.AreEqual(ExitCodes.Success, code, error);
        StringAssert.Contains(output, "dump_ataport -> dump_atapi -> ");
        string dump = Path.Combine(files.Folder, "MEMORY.DMP");
        var extract = CliRun.InvokeWith(TestPaths.Plugins, "extract", "-m", manifest, "-o", dump);
        Assert.AreEqual(ExitCodes.Success, extract.ExitCode, extract.Error);
        var verify = CliRun.Invoke("verify", dump, "--synthetic-memory", "24 MiB", "--seed", "5");
        Assert.AreEqual(ExitCodes.Success, verify.ExitCode, verify.Output + verify.Error);
    }

    [TestMethod]
    public void An_absent_master_fails_the_dump_at_open()
    {
        using var files = new StackFiles("ata-absent");
        string manifest = files.Manifest("dumpata", "atapi", "piix-ide", 16 * MiB, MiB, 8 * MiB, diskExtra: "attached: false");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory([new(0x100000, 2 * MiB)], 1));
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "IDENTIFY");
        Assert.AreEqual(0, result.BytesWritten);
    }

    [TestMethod]
    public void The_port_learns_the_disk_from_identify_and_an_ata_error_becomes_sense_in_the_failure()
    {
        using var files = new StackFiles("ata-unc");
        // LBA 2048 + 8 is the ninth sector of the region at 1 MiB: inside the first write.
        string manifest = files.Manifest("dumpata", "atapi", "{model: piix-ide, settings: {uncorrectable_lba: \"2056\"}}", 16 * MiB, MiB, 8 * MiB);
        using var session = Sessions.Open(manifest, new SyntheticMemory([new(0x100000, 2 * MiB)], 1));
        var result = session.Dump(Sessions.RawPlan(session), new RecordingProgress());

        // INQUIRY and READ CAPACITY built from IDENTIFY DEVICE (SAT): vendor "ATA", the model, 512-byte sectors.
        Assert.IsNotNull(session.Port.Target);
        Assert.AreEqual("ATA", session.Port.Target.Vendor);
        Assert.AreEqual(16 * MiB / 512, session.Port.Target.BlockCount);
        Assert.AreEqual(512, session.Port.Target.BlockSize);

        // ERR + UNC on a write maps to MEDIUM ERROR per the libata table, and the failure names both layers.
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "dump_ataport");
        StringAssert.Contains(result.Error, "dump_atapi");
        StringAssert.Contains(result.Error, "UNC");
        StringAssert.Contains(result.Error, "MEDIUM ERROR");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void A_bus_master_abort_fails_the_dump_cleanly_and_never_hangs()
    {
        // A dumped page the bus master cannot read (a master abort in WRITE DMA): BM Error, Active clear and no
        // interrupt, the device left waiting in its data phase; dump_atapi sees the error while polling BM status and
        // fails the request, and the dump ends as a failure instead of waiting for an interrupt that never comes.
        using var files = new StackFiles("ata-abort");
        string manifest = files.Manifest("dumpata", "{name: atapi, settings: {transfer_mode: dma}}", "piix-ide", 16 * MiB, MiB, 8 * MiB);
        Host.Dump.DumpLog? log = null;
        var result = Sessions.DumpRaw(manifest, new AbortingMemory(new SyntheticMemory([new(0x100000, 2 * MiB)], 1), 0x180000), session => log = session.Log);
        Assert.IsFalse(result.Succeeded, "a dump over an unreadable page must not be reported valid");
        StringAssert.Contains(result.Error, "WRITE DMA LBA 0xC00", "the write covering the page at 0x180000 (LBA 2048 + 1024) fails");
        var entries = log!.Entries.Select(e => e.ToString()).ToList();
        Assert.IsTrue(entries.Any(e => e.Contains("bus master error (BM status 0x22)", StringComparison.Ordinal)), string.Join(Environment.NewLine, entries));
    }

    /// <summary>Memory where one page answers no bus-master read, as a master abort on the PCI bus.</summary>
    private sealed class AbortingMemory(IMemorySource inner, ulong badPage) : IMemorySource
    {
        public IReadOnlyList<PhysicalRange> Ranges => inner.Ranges;

        public bool IsWritable => inner.IsWritable;

        public string Description => inner.Description;

        public bool TryRead(ulong address, Span<byte> destination) =>
            (address + (ulong)destination.Length <= badPage || address >= badPage + 0x1000) && inner.TryRead(address, destination);

        public bool TryWrite(ulong address, ReadOnlySpan<byte> source) => inner.TryWrite(address, source);

        public void Dispose() => inner.Dispose();
    }
}
