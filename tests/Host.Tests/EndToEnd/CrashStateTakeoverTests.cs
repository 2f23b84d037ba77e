using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>Every built-in stack takes its controller over from each <c>hardware.crash_state</c> (the hard reset the
/// real drivers do recovers even a hung one) and the dump reads back identical.</summary>
[TestClass]
public sealed class CrashStateTakeoverTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("running")]
    [DataRow("power_on")]
    [DataRow("faulted")]
    [DataRow("hung")]
    public void Lsi_sas_takes_the_ioc_over(string crashState) => DumpsAndReadsBack("diskdump", "LSI_SAS", "lsi-sas1068", crashState);

    [TestMethod]
    [DataRow("running")]
    [DataRow("power_on")]
    [DataRow("faulted")]
    [DataRow("hung")]
    public void Pvscsi_takes_the_pvscsi_adapter_over(string crashState) => DumpsAndReadsBack("diskdump", "pvscsi", "pvscsi", crashState);

    [TestMethod]
    [DataRow("running")]
    [DataRow("power_on")]
    [DataRow("faulted")]
    [DataRow("hung")]
    public void Vmscsi_takes_the_BT_958_over(string crashState) => DumpsAndReadsBack("diskdump", "vmscsi", "buslogic-bt958", crashState);

    [TestMethod]
    [DataRow("running")]
    [DataRow("power_on")]
    [DataRow("faulted")]
    [DataRow("hung")]
    public void Atapi_takes_the_piix_channel_over(string crashState) => DumpsAndReadsBack("dumpata", "atapi", "piix-ide", crashState);

    private static void DumpsAndReadsBack(string port, string miniport, string controller, string crashState)
    {
        using var files = new StackFiles($"takeover-{crashState}");
        string manifest = files.Manifest(port, miniport, $"{controller}\n  crash_state: {crashState}", 64 * MiB, MiB, 32 * MiB);
        var runs = new[] { new Abstractions.Hardware.PhysicalRange(0x100000, 16 * MiB) };
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory(runs, seed: 14));
        Assert.IsTrue(result.Succeeded, result.Error);

        using var memory = new SyntheticMemory(runs, seed: 14);
        var (read, mismatch) = Sessions.ReadAndCompare(manifest, memory);
        Assert.IsTrue(read.Succeeded, read.Error);
        Assert.IsNull(mismatch, $"first mismatch at dump offset {mismatch}");
    }
}
