using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>The manifest's per-disk faults and sector geometry reach the disk, and the built-in stacks cope (or fail
/// the dump, naming what failed).</summary>
[TestClass]
public sealed class DiskFaultAndGeometryTests
{
    private const long MiB = 1 << 20;

    private static readonly Abstractions.Hardware.PhysicalRange[] Runs = [new(0x100000, 8 * MiB)];

    [TestMethod]
    [DataRow("diskdump", "LSI_SAS", "lsi-sas1068")]
    [DataRow("diskdump", "pvscsi", "pvscsi")]
    [DataRow("diskdump", "vmscsi", "buslogic-bt958")]
    public void Transient_faults_from_the_manifest_are_ridden_out(string port, string miniport, string controller)
    {
        using var files = new StackFiles("faults-transient");
        string faults = "faults: [{kind: busy, command: 5, count: 3}, {kind: queue_full, command: 20, count: 2}, {kind: not_ready, command: 30, count: 4}, {kind: recovered_error, lba: 2100-2100}]";
        string manifest = files.Manifest(port, miniport, controller, 64 * MiB, MiB, 32 * MiB, diskExtra: faults);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, seed: 21));
        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(3 + 2, result.PortStatistics.BusyResubmits);
        Assert.AreEqual(1, result.PortStatistics.RecoveredErrors);
        AssertReadsBack(manifest);
    }

    [TestMethod]
    [DataRow("diskdump", "LSI_SAS", "lsi-sas1068")]
    [DataRow("diskdump", "pvscsi", "pvscsi")]
    [DataRow("diskdump", "vmscsi", "buslogic-bt958")]
    [DataRow("dumpata", "atapi", "piix-ide")]
    public void A_medium_error_inside_the_region_fails_the_dump_naming_the_lba(string port, string miniport, string controller)
    {
        using var files = new StackFiles("faults-medium");
        string manifest = files.Manifest(port, miniport, controller, 64 * MiB, MiB, 32 * MiB, diskExtra: "faults: [{kind: medium_error, lba: 4000-4001, count: 100}]");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, seed: 22));
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "MEDIUM ERROR");

        // The SCSI disk names the bad block in its sense INFORMATION; the ATA one in its task file, which ataport does not quote.
        StringAssert.Contains(result.Error, port == "dumpata" ? "UNC" : "at LBA 4000");
    }

    [TestMethod]
    [DataRow("diskdump", "LSI_SAS", "lsi-sas1068", 4096, 4096)]
    [DataRow("diskdump", "LSI_SAS", "lsi-sas1068", 512, 4096)]
    [DataRow("diskdump", "pvscsi", "pvscsi", 4096, 4096)]
    [DataRow("diskdump", "pvscsi", "pvscsi", 512, 4096)]
    [DataRow("diskdump", "vmscsi", "buslogic-bt958", 4096, 4096)]
    [DataRow("diskdump", "vmscsi", "buslogic-bt958", 512, 4096)]
    [DataRow("dumpata", "atapi", "piix-ide", 4096, 4096)]
    [DataRow("dumpata", "atapi", "piix-ide", 512, 4096)]
    public void Four_k_native_and_512e_disks_dump_and_read_back(string port, string miniport, string controller, int logical, int physical)
    {
        using var files = new StackFiles($"geometry-{logical}-{physical}");
        string manifest = files.Manifest(port, miniport, controller, 64 * MiB, MiB, 32 * MiB, diskExtra: $"sector_size: {logical}\n      physical_sector_size: {physical}");
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(Runs, seed: 23));
        Assert.IsTrue(result.Succeeded, result.Error);
        AssertReadsBack(manifest, seed: 23);
    }

    private static void AssertReadsBack(string manifest, int seed = 21)
    {
        using var memory = new SyntheticMemory(Runs, seed: seed);
        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }
}
