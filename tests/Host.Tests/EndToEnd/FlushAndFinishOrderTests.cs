using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Dump;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>
/// The end of a crash dump through the real stacks: the pages are flushed before the header turns valid, the valid
/// header is flushed, and the device is shut down (storport SHUTDOWN, ATA STANDBY IMMEDIATE) once, last. Read from the
/// dump log, where a recording filter logs each write and the port logs each flush and the shutdown it sent.
/// </summary>
[TestClass]
public sealed class FlushAndFinishOrderTests
{
    private const long MiB = 1 << 20;

    [TestMethod]
    [DataRow("diskdump", "LSI_SAS", "lsi-sas1068", "SRB_FUNCTION_SHUTDOWN")]
    [DataRow("dumpata", "atapi", "piix-ide", "STANDBY IMMEDIATE")]
    public void Pages_then_flush_then_valid_header_then_flush_then_one_shutdown_last(string port, string miniport, string controller, string shutdown)
    {
        using var files = new StackFiles("flush-finish-" + port);
        string manifest = files.Manifest(port, miniport, controller, 64 * MiB, MiB, 40 * MiB, filters: "filters: [recfa]");
        using var session = Sessions.Open(manifest, new SyntheticMemory([new PhysicalRange(0x100000, 16 * MiB)], 9), TestPaths.PluginsWithTestDrivers);
        var plan = DumpPlan.Create(session.Stack.Manifest, session.Memory.Source, new DumpOptions { Format = DumpFormat.Full });
        Assert.IsFalse(plan.Content.FinalHeader.IsEmpty, "a crash dump ends with its valid header");
        var result = session.Dump(plan, new RecordingProgress());
        Assert.IsTrue(result.Succeeded, result.Error);

        string portName = session.Stack.Binding.Alias;
        var events = session.Log.Entries
            .Select(e => e.Source == "dump_recfa" && e.Message.StartsWith("recfa:Write(", StringComparison.Ordinal) ? e.Message["recfa:".Length..]
                : e.Source == portName && e.Message.Contains("flushed", StringComparison.Ordinal) ? "Flush"
                : e.Source == portName && e.Message.Contains(shutdown, StringComparison.Ordinal) ? "Shutdown"
                : null)
            .OfType<string>()
            .ToList();

        // Exactly one shutdown, and nothing after it.
        Assert.AreEqual(1, events.Count(e => e == "Shutdown"), string.Join(" ", events));
        Assert.AreEqual("Shutdown", events[^1], string.Join(" ", events));

        // … flush, header, flush, shutdown: the valid header (at dump offset 0) is the last write, between two flushes.
        int header = events.FindLastIndex(e => e.StartsWith("Write(", StringComparison.Ordinal));
        StringAssert.StartsWith(events[header], "Write(0,");
        CollectionAssert.AreEqual(new[] { "Flush", events[header], "Flush", "Shutdown" }, events.Skip(header - 1).ToArray(), string.Join(" ", events));

        // The pages went out before the first flush; nothing was flushed or shut down while they were written.
        int firstFlush = events.IndexOf("Flush");
        Assert.AreEqual(header - 1, firstFlush, string.Join(" ", events));
        Assert.IsTrue(events.Take(firstFlush).All(e => e.StartsWith("Write(", StringComparison.Ordinal)));
    }
}
