using System.Buffers.Binary;
using DumpFramework.Hardware.Pvscsi;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.Pvscsi;

/// <summary>Behaviours checked against QEMU <c>vmw_pvscsi.c</c>: data overrun, ABORT_CMD and SETUP_MSG_RING.</summary>
[TestClass]
public sealed class PvscsiFidelityTests
{
    [TestMethod]
    public void A_read_asking_more_than_dataLen_is_a_data_overrun_not_a_truncated_success()
    {
        using var bench = new PvscsiBench();
        var read = TestRequest.Read(3, 0, 4, PvscsiBench.DataBase);
        read.DataLength = 1024;
        int reads = bench.Disk.Device.Reads;
        Assert.AreEqual(new TestCompletion(3, 0, 0, PvscsiSpec.HostDataRun, 0), bench.Run(read));
        Assert.AreEqual(reads, bench.Disk.Device.Reads, "nothing is read");
        StringAssert.Contains(bench.Controller.LastError, "data overrun");
    }

    [TestMethod]
    public void A_write_asking_more_than_dataLen_is_a_data_overrun_and_writes_nothing()
    {
        using var bench = new PvscsiBench();
        bench.WriteGuest(PvscsiBench.DataBase, PvscsiBench.Pattern(4096, 5));
        var write = TestRequest.Write(4, 16, 8, PvscsiBench.DataBase);
        write.DataLength = 512;
        Assert.AreEqual(new TestCompletion(4, 0, 0, PvscsiSpec.HostDataRun, 0), bench.Run(write));
        Assert.AreEqual(0, bench.Disk.Device.Writes);
        CollectionAssert.AreEqual(new byte[4096], bench.ReadImage(16 * 512, 4096));
    }

    [TestMethod]
    public void A_data_command_declared_without_a_data_phase_is_a_data_overrun()
    {
        using var bench = new PvscsiBench();
        var read = TestRequest.Read(5, 0, 1, PvscsiBench.DataBase);
        read.Flags = PvscsiSpec.FlagDirectionNone;
        Assert.AreEqual(PvscsiSpec.HostDataRun, bench.Run(read).HostStatus);

        // Without any direction flag the CDB decides, so only the length counts.
        var undeclared = TestRequest.Read(6, 0, 1, PvscsiBench.DataBase);
        undeclared.Flags = 0;
        Assert.AreEqual(new TestCompletion(6, 512, 0, PvscsiSpec.HostSuccess, 0), bench.Run(undeclared));
        undeclared.Context = 7;
        undeclared.DataLength = 0;
        Assert.AreEqual(PvscsiSpec.HostDataRun, bench.Run(undeclared).HostStatus);

        // An allocation length above the data returned stays a success with the actual length (§3.8).
        var inquiry = new TestRequest { Context = 8, Cdb = Cdb.Inquiry(allocation: 255), DataAddress = PvscsiBench.DataBase, DataLength = 255, Flags = PvscsiSpec.FlagToHost };
        var completion = bench.Run(inquiry);
        Assert.AreEqual(PvscsiSpec.HostSuccess, completion.HostStatus);
        Assert.IsLessThan(255UL, completion.DataLength);
    }

    [TestMethod]
    public void Abort_cmd_ends_the_waiting_request_with_abortqueue()
    {
        using var bench = new PvscsiBench(new PvscsiOptions { CompletionLatency = 100 });
        bench.Post(TestRequest.Write(1, 1, 1, PvscsiBench.DataBase));
        bench.Post(TestRequest.Write(2, 2, 1, PvscsiBench.DataBase));
        bench.Kick();
        Assert.AreEqual(2u, bench.RequestConsumer);

        Assert.AreEqual(PvscsiSpec.StatusNotEnoughData, bench.Command(PvscsiSpec.AbortCommand, 2, 0, 0));
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.AbortCommand, 2, 0, 0, 0), "context 2, target 0");
        Assert.AreEqual(PvscsiSpec.Completion0, bench.PollAndAcknowledge() & PvscsiSpec.Completion0);
        Assert.AreEqual(new TestCompletion(2, 0, 0, PvscsiSpec.HostAbortQueue, 0), bench.Drain().Single());

        // An unknown context: success, nothing happens.
        Assert.AreEqual(0u, bench.Command(PvscsiSpec.AbortCommand, 99, 0, 0, 0));
        Assert.AreEqual(0u, bench.CompletionProducer - bench.CompletionConsumer);

        // Request 1 still runs to completion; request 2 never reached the disk.
        TestCompletion? first = null;
        for (int poll = 0; poll < 1000 && first is null; poll++)
        {
            if ((bench.PollAndAcknowledge() & PvscsiSpec.Completion0) != 0)
            {
                first = bench.Drain().Single();
            }
        }

        Assert.AreEqual(new TestCompletion(1, 512, 0, PvscsiSpec.HostSuccess, 0), first);
        Assert.AreEqual(1, bench.Disk.Device.Writes);
    }

    [TestMethod]
    public void Setup_msg_ring_is_probed_as_supported_and_answers_its_size_in_dwords()
    {
        using var bench = new PvscsiBench();
        var ring = bench.Space.AllocateBuffer(2 * PvscsiBench.Page, PvscsiBench.Page, below4GiB: true);
        bench.State.Span[0x80..0x8C].Fill(0xAB);

        // Linux's probe: the command alone, then COMMAND_STATUS; anything but -1 means supported.
        Assert.AreEqual(PvscsiSpec.StatusNotEnoughData, bench.Command(PvscsiSpec.SetupMessageRing));
        var words = new uint[34];
        words[0] = 2;
        ulong ppn = ring.PhysicalAddress >> 12;
        for (int page = 0; page < 2; page++)
        {
            words[2 + (page * 2)] = (uint)(ppn + (ulong)page);
            words[3 + (page * 2)] = (uint)((ppn + (ulong)page) >> 32);
        }

        Assert.AreEqual(34u, bench.Command(PvscsiSpec.SetupMessageRing, words), bench.Controller.LastError);
        Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(bench.State.Span[0x80..]), "msgProdIdx");
        Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(bench.State.Span[0x84..]), "msgConsIdx");
        Assert.AreEqual(6u, BinaryPrimitives.ReadUInt32LittleEndian(bench.State.Span[0x88..]), "2 pages of 32 messages");

        // A bad page count is refused; I/O is unaffected either way.
        words[0] = 3;
        Assert.AreEqual(PvscsiSpec.StatusFailed, bench.Command(PvscsiSpec.SetupMessageRing, words));
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(new TestRequest { Context = 9 }).HostStatus);
    }
}
