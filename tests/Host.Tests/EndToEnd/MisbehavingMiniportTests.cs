using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>A miniport that misbehaves faults the emulated device or fails the dump with the cause named, never the host.</summary>
[TestClass]
public sealed class MisbehavingMiniportTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    public void A_miniport_that_throws_fails_the_dump_naming_it()
    {
        using var files = new StackFiles("faulty-throw");
        string manifest = files.Manifest("diskdump", "{name: faultymp, settings: {mode: throw}}", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        var result = Sessions.DumpRaw(manifest, new SyntheticMemory([new(0x100000, 2 * MiB)], 1), plugins: TestPaths.PluginsWithTestDrivers);
        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Error, "dump_faultymp");
        StringAssert.Contains(result.Error, "faultymp lost its request tables");
        Assert.AreEqual(0, result.BytesWritten);
    }

    [TestMethod]
    public void A_request_posted_to_an_uninitialized_ioc_faults_it_and_the_dump_fails_with_the_fault()
    {
        using var files = new StackFiles("faulty-garbage");
        string manifest = files.Manifest("diskdump", "{name: faultymp, settings: {mode: garbage}}", "lsi-sas1068", 16 * MiB, MiB, 8 * MiB);
        using var session = Sessions.Open(manifest, new SyntheticMemory([new(0x100000, 2 * MiB)], 1), TestPaths.PluginsWithTestDrivers);
        var result = session.Dump(Sessions.RawPlan(session), new RecordingProgress());
        Assert.IsFalse(result.Succeeded);
        Assert.IsNotNull(session.Hardware.Controller.Fault, "the IOC should be in FAULT");
        StringAssert.Contains(result.Error, "dump_faultymp");
        StringAssert.Contains(result.Error, session.Hardware.Controller.Fault);
        Assert.AreEqual(0, result.BytesWritten);
    }
}
