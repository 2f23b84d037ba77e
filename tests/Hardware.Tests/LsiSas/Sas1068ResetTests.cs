using DumpFramework.Hardware.Tests.LsiSas.TestSupport;

namespace DumpFramework.Hardware.Tests.LsiSas;

[TestClass]
public sealed class Sas1068ResetTests
{
    private static readonly uint[] Keys = [0x04, 0x0B, 0x02, 0x07, 0x0D];

    [TestMethod]
    public void Message_unit_reset_from_operational_empties_the_fifos_and_returns_to_ready()
    {
        using var bench = new LsiSasBench(latency: 3);
        var host = bench.Host;
        host.InitializeToOperational();
        int resetsBefore = bench.Disk.ResetCount;

        // Leave a reply outstanding, then reset the message unit.
        host.Post(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, 0, 0, 0x11));
        host.Write(0x00, 0x4000_0000);
        Assert.AreEqual(0x8000_0000u, host.InterruptStatus & 0x8000_0000, "reset not yet acknowledged");
        MpiTestHost.WaitFor(() => (host.InterruptStatus & 0x8000_0000) == 0, "the reset acknowledge");

        // Once it has consumed the doorbell write, the firmware passes through RESET for the latency (3 µs: about three
        // register reads), then is READY.
        Assert.AreEqual(0u, MpiTestHost.State(host.Doorbell));
        Assert.AreEqual(0u, MpiTestHost.State(host.Doorbell));
        MpiTestHost.WaitFor(() => MpiTestHost.State(host.Doorbell) == 1, "READY", maxPolls: 3);
        Assert.AreEqual(0x1400_0000u, host.Doorbell, "READY keeps WhoInit");
        for (int i = 0; i < 8; i++)
        {
            Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44), "the outstanding reply was discarded");
        }

        Assert.AreEqual(resetsBefore + 1, bench.Disk.ResetCount, "the SAS domain saw the reset");

        // Full re-initialization works; the free FIFO had been emptied, so frames are posted again.
        host.InitializeToOperational();
        var reply = host.Run(host.BuildScsiIo(0, 0, LsiSasBench.Read10(100_000, 0), 0, 0, 0x12, senseLength: 18));
        Assert.IsFalse(reply.IsTurbo);
        Assert.AreEqual((byte)0x02, reply.ScsiStatus);
    }

    [TestMethod]
    public void Message_unit_reset_recovers_a_fault()
    {
        using var bench = new LsiSasBench(latency: 0);
        var host = bench.Host;
        host.Post(host.RequestFrame(0));
        Assert.AreEqual(4u, MpiTestHost.State(host.Doorbell));
        host.Write(0x00, 0x4000_0000);
        Assert.AreEqual(0x1000_0000u, host.Doorbell);
        Assert.IsNull(bench.Controller.Fault);
    }

    [TestMethod]
    public void Diagnostic_reset_needs_the_key_sequence_and_recovers_from_fault()
    {
        using var bench = new LsiSasBench(latency: 2);
        var host = bench.Host;
        host.InitializeToOperational();
        host.Write(0x34, 0);

        // Fault the IOC with a request for an unknown function.
        var frame = new byte[12];
        frame[3] = 0x3F;
        host.WriteMemory(host.RequestFrame(0), frame);
        host.Post(host.RequestFrame(0));
        Assert.AreEqual(0x4400_0001u, host.Doorbell);

        // Locked: RESET_ADAPTER is ignored.
        host.Write(0x08, 0x04);
        Assert.AreEqual(4u, MpiTestHost.State(host.Doorbell));
        Assert.AreEqual(0u, host.Registers.Read32(0x08) & 0x80);

        // A wrong key restarts the sequence.
        host.Write(0x04, 0xFF);
        host.Write(0x04, 0x04);
        host.Write(0x04, 0x0B);
        host.Write(0x04, 0x03);
        host.Write(0x04, 0x07);
        host.Write(0x04, 0x0D);
        Assert.AreEqual(0u, host.Registers.Read32(0x08) & 0x80, "still locked");

        host.Write(0x04, 0xFF);
        foreach (uint key in Keys)
        {
            host.Write(0x04, key);
        }

        Assert.AreEqual(0x80u, host.Registers.Read32(0x08) & 0x80, "DRWE");
        host.Write(0x08, 0x80 | 0x04);

        Assert.AreEqual(0x0000_0000u, host.Doorbell, "RESET, WhoInit cleared");
        Assert.AreEqual(0x0000_0000u, host.Doorbell, "still RESET");
        Assert.AreEqual(0x1000_0000u, host.Doorbell, "READY after the firmware reboot");
        Assert.IsNull(bench.Controller.Fault);
        Assert.AreEqual(0x20u, host.Registers.Read32(0x08) & 0x20, "RESET_HISTORY");
        Assert.AreEqual(0x9u, host.Registers.Read32(0x34), "interrupts masked by the hard reset");

        // Any WriteSequence write re-locks; the host clears RESET_HISTORY once unlocked again.
        host.Write(0x04, 0xFF);
        Assert.AreEqual(0u, host.Registers.Read32(0x08) & 0x80);
        foreach (uint key in Keys)
        {
            host.Write(0x04, key);
        }

        host.Write(0x08, 0);
        Assert.AreEqual(0u, host.Registers.Read32(0x08) & 0x20);

        // IOC_FACTS shows a wiped configuration; a fresh init runs I/O again.
        var facts = host.Handshake(MpiTestHost.IocFactsRequest(1));
        Assert.AreEqual((byte)0, facts[0x15], "WhoInit");
        Assert.AreEqual((byte)0, facts[0x2C], "CurReplyFrameSize");
        host.InitializeToOperational();
        Assert.IsTrue(host.Run(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, 0, 0, 0x21)).IsTurbo);
    }

    [TestMethod]
    public void Power_on_reset_returns_to_ready()
    {
        using var bench = new LsiSasBench(latency: 1);
        bench.Host.InitializeToOperational();
        bench.Controller.Reset();
        Assert.AreEqual(0u, MpiTestHost.State(bench.Host.Doorbell));
        Assert.AreEqual(1u, MpiTestHost.State(bench.Host.Doorbell));
        Assert.AreEqual(0x9u, bench.Host.Registers.Read32(0x34));
        Assert.AreEqual(0u, bench.Host.Registers.Read32(0x08));
    }
}
