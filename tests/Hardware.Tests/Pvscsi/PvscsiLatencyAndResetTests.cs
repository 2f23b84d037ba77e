using DumpFramework.Hardware.Pvscsi;

namespace DumpFramework.Hardware.Tests.Pvscsi;

[TestClass]
public sealed class PvscsiLatencyAndResetTests
{
    [TestMethod]
    public void With_a_completion_latency_a_request_executes_once_that_many_microseconds_passed()
    {
        using var bench = new PvscsiBench(new PvscsiOptions { CompletionLatency = 3 });
        var data = PvscsiBench.Pattern(512, 1);
        bench.WriteGuest(PvscsiBench.DataBase, data);
        bench.Submit(TestRequest.Write(7, 3, 1, PvscsiBench.DataBase));
        Assert.AreEqual(1u, bench.RequestConsumer, "taken off the ring at the kick");
        Assert.AreEqual(0, bench.Disk.Device.Writes, "but not executed yet");
        // Without stalls only the register reads pass time, about 1 µs each: the fourth read starts 3 µs after the kick.
        Assert.AreEqual(0u, bench.PollAndAcknowledge());
        Assert.AreEqual(0u, bench.PollAndAcknowledge());
        Assert.AreEqual(0u, bench.PollAndAcknowledge());
        Assert.AreEqual(0u, bench.CompletionProducer);
        Assert.AreEqual(PvscsiSpec.Completion0, bench.PollAndAcknowledge());
        Assert.AreEqual(new TestCompletion(7, 512, 0, PvscsiSpec.HostSuccess, 0), bench.Drain().Single());
        CollectionAssert.AreEqual(data, bench.ReadImage(3 * 512, 512));
    }

    [TestMethod]
    public void Adapter_reset_completes_outstanding_requests_with_bus_reset_and_forgets_the_rings()
    {
        using var bench = new PvscsiBench(new PvscsiOptions { CompletionLatency = 100 });
        for (ulong context = 1; context <= 3; context++)
        {
            bench.Post(TestRequest.Write(context, (uint)context, 1, PvscsiBench.DataBase));
        }

        bench.Kick();
        Assert.AreEqual(3u, bench.RequestConsumer);
        Assert.AreEqual(0u, bench.PollAndAcknowledge());

        Assert.AreEqual(0u, bench.Command(PvscsiSpec.AdapterReset));
        Assert.AreEqual(3u, bench.CompletionProducer, "the aborted requests were posted before the rings were forgotten");
        CollectionAssert.AreEqual(
            new[] { 1UL, 2UL, 3UL }.Select(c => new TestCompletion(c, 0, 0, PvscsiSpec.HostBusReset, 0)).ToArray(),
            new[] { bench.CompletionAt(0), bench.CompletionAt(1), bench.CompletionAt(2) });
        Assert.AreEqual(0, bench.Disk.Device.Writes, "aborted writes never reached the disk");
        Assert.AreEqual(0u, bench.Registers.Read32(PvscsiSpec.InterruptStatus), "the reset clears the interrupt status");

        bench.Post(new TestRequest { Context = 4 });
        bench.Kick(false);
        Assert.AreEqual(3u, bench.RequestConsumer, "no rings until SETUP_RINGS");

        Assert.AreEqual(0u, bench.SetupRings());
        Assert.AreEqual(0u, bench.CompletionProducer);
        var completion = bench.Run(TestRequest.Write(5, 9, 1, PvscsiBench.DataBase));
        Assert.AreEqual(PvscsiSpec.HostSuccess, completion.HostStatus);
        Assert.AreEqual(1, bench.Disk.Device.Writes);
    }

    [TestMethod]
    public void Reset_bus_ends_every_outstanding_request_and_keeps_the_rings()
    {
        using var bench = new PvscsiBench(new PvscsiOptions { CompletionLatency = 50 }, targetIds: [0, 1]);
        bench.Post(new TestRequest { Context = 1, Target = 0 });
        bench.Post(new TestRequest { Context = 2, Target = 1 });
        bench.Kick(false);
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.ResetBus));
        Assert.AreEqual(PvscsiSpec.Completion0, bench.PollAndAcknowledge());
        var completions = bench.Drain();
        CollectionAssert.AreEqual(new[] { 1UL, 2UL }, completions.Select(c => c.Context).ToArray());
        Assert.IsTrue(completions.All(c => c.HostStatus == PvscsiSpec.HostBusReset));
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(new TestRequest { Context = 3 }).HostStatus, "the rings survive a bus reset");
    }

    [TestMethod]
    public void Reset_device_ends_only_that_targets_requests_and_refuses_absent_devices()
    {
        using var bench = new PvscsiBench(new PvscsiOptions { CompletionLatency = 20 }, targetIds: [0, 1]);
        bench.Post(new TestRequest { Context = 1, Target = 0 });
        bench.Post(new TestRequest { Context = 2, Target = 1 });
        bench.Post(new TestRequest { Context = 3, Target = 0 });
        bench.Kick(false);
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.Command(PvscsiSpec.ResetDevice, 5, 0, 0), "no target 5");
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.Command(PvscsiSpec.ResetDevice, 1, 1, 0), "lun[0] must be zero");
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.ResetDevice, 1, 0, 0));
        var reset = bench.Drain();
        Assert.AreEqual(new TestCompletion(2, 0, 0, PvscsiSpec.HostBusReset, 0), reset.Single());

        var rest = new List<TestCompletion>();
        for (int poll = 0; poll < 20; poll++)
        {
            bench.PollAndAcknowledge();
            rest.AddRange(bench.Drain());
        }

        CollectionAssert.AreEqual(new[] { 1UL, 3UL }, rest.Select(c => c.Context).ToArray());
        Assert.IsTrue(rest.All(c => c.HostStatus == PvscsiSpec.HostSuccess));
    }

    [TestMethod]
    public void Targets_see_adapter_and_bus_resets()
    {
        using var bench = new PvscsiBench();
        bench.Disk.Target.Options.UnitAttentionOnReset = true;
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.ResetBus));
        var attention = bench.Run(new TestRequest { Context = 1, SenseAddress = bench.Sense.PhysicalAddress, SenseLength = 18 });
        Assert.AreEqual(new TestCompletion(1, 0, 18, PvscsiSpec.HostSuccess, 0x02), attention);
        Assert.AreEqual(0x06, bench.Sense.Span[2] & 0x0F, "UNIT ATTENTION");
        Assert.AreEqual(0x29, bench.Sense.Span[12], "power on, reset occurred");
        Assert.AreEqual((ushort)0, bench.Run(new TestRequest { Context = 2 }).ScsiStatus);
    }
}
