using System.Buffers.Binary;
using DumpFramework.Hardware.Scsi;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.Pvscsi;

[TestClass]
public sealed class PvscsiRequestTests
{
    [TestMethod]
    public void A_write_and_a_read_through_direct_addresses_reach_the_image()
    {
        using var bench = new PvscsiBench();
        var data = PvscsiBench.Pattern(8 * 512, 1);
        bench.WriteGuest(PvscsiBench.DataBase, data);
        var write = bench.Run(TestRequest.Write(0x11, 100, 8, PvscsiBench.DataBase));
        Assert.AreEqual(new TestCompletion(0x11, 4096, 0, PvscsiSpec.HostSuccess, 0), write);
        CollectionAssert.AreEqual(data, bench.ReadImage(100 * 512, data.Length));

        var read = bench.Run(TestRequest.Read(0x12, 100, 8, PvscsiBench.DataBase + 0x10_0000));
        Assert.AreEqual(new TestCompletion(0x12, 4096, 0, PvscsiSpec.HostSuccess, 0), read);
        CollectionAssert.AreEqual(data, bench.ReadGuest(PvscsiBench.DataBase + 0x10_0000, data.Length));
        Assert.AreEqual(2u, bench.RequestConsumer, "reqConsIdx follows reqProdIdx");
    }

    [TestMethod]
    public void Free_running_indices_wrap_the_rings_many_times()
    {
        using var bench = new PvscsiBench();
        const int Requests = 1000;
        for (int i = 0; i < Requests; i++)
        {
            uint lba = (uint)(i / 2 % 100) * 2;
            ulong buffer = PvscsiBench.DataBase + (ulong)(i % 7 * 0x2000);
            if (i % 2 == 0)
            {
                bench.WriteGuest(buffer, PvscsiBench.Pattern(1024, i));
                Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(TestRequest.Write((ulong)i + 1, lba, 2, buffer)).HostStatus);
            }
            else
            {
                var completion = bench.Run(TestRequest.Read((ulong)i + 1, lba, 2, buffer + 0x1_0000));
                Assert.AreEqual(1024UL, completion.DataLength);
                CollectionAssert.AreEqual(PvscsiBench.Pattern(1024, i - 1), bench.ReadGuest(buffer + 0x1_0000, 1024), $"request {i}");
            }
        }

        Assert.AreEqual((uint)Requests, bench.RequestProducer);
        Assert.AreEqual((uint)Requests, bench.RequestConsumer);
        Assert.AreEqual((uint)Requests, bench.CompletionProducer);
        Assert.AreEqual((uint)Requests, bench.CompletionConsumer);
    }

    [TestMethod]
    public void A_full_request_ring_drains_on_one_kick_and_completes_in_order()
    {
        using var bench = new PvscsiBench();
        for (int i = 0; i < bench.RequestEntries; i++)
        {
            bench.Post(new TestRequest { Context = (ulong)i + 1 });
        }

        bench.Kick(false);
        Assert.AreEqual((uint)bench.RequestEntries, bench.RequestConsumer);
        CollectionAssert.AreEqual(Enumerable.Range(1, bench.RequestEntries).Select(i => (ulong)i).ToArray(), bench.Drain().Select(c => c.Context).ToArray());
    }

    [TestMethod]
    public void A_full_completion_ring_holds_completions_and_requests_until_the_driver_consumes()
    {
        using var bench = new PvscsiBench(requestPages: 4);
        Assert.AreEqual(128, bench.CompletionEntries);
        ulong context = 0;
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 128; i++)
            {
                bench.Post(new TestRequest { Context = ++context });
            }

            bench.Kick(false);
        }

        Assert.AreEqual(256u, bench.RequestConsumer, "128 posted plus 128 held: as many in flight as the completion ring holds");
        Assert.AreEqual(128u, bench.CompletionProducer, "the ring is full");
        bench.Post(new TestRequest { Context = ++context });
        bench.Kick(false);
        Assert.AreEqual(256u, bench.RequestConsumer, "the device takes no more requests while it holds a ring's worth");

        var first = bench.Drain(10);
        bench.PollAndAcknowledge();
        Assert.AreEqual(138u, bench.CompletionProducer, "ten slots freed, ten held completions posted");
        Assert.AreEqual(257u, bench.RequestConsumer, "fetching resumed once completions could move");

        var all = first.Concat(bench.Drain()).ToList();
        for (int poll = 0; poll < 3; poll++)
        {
            bench.PollAndAcknowledge();
            all.AddRange(bench.Drain());
        }

        CollectionAssert.AreEqual(Enumerable.Range(1, 257).Select(i => (ulong)i).ToArray(), all.Select(c => c.Context).ToArray());
        Assert.IsTrue(all.All(c => c.HostStatus == PvscsiSpec.HostSuccess));
    }

    [TestMethod]
    public void Sg_list_segments_ending_and_starting_at_page_boundaries_move_the_right_bytes()
    {
        using var bench = new PvscsiBench();
        ulong list = PvscsiBench.DataBase;
        ulong p = PvscsiBench.DataBase + 0x10_0000;
        (ulong Address, uint Length)[] segments =
        [
            (p + 0x1E00, 0x200),
            (p + 0x5000, 0),
            (p + 0x3000, 0x1000),
            (p + 0x2000, 0xA00),
            (p + 0x7100, 0x200),
            (p + 0x9F00, 0x1000),
        ];
        const int Length = 0x200 + 0x1000 + 0xA00 + 0x200;
        WriteSgList(bench, list, segments);
        var data = PvscsiBench.Pattern(Length, 2);
        int offset = 0;
        foreach (var (address, length) in segments.Take(5))
        {
            bench.WriteGuest(address, data.AsSpan(offset, (int)length));
            offset += (int)length;
        }

        var write = TestRequest.Write(5, 40, Length / 512, list);
        write.Flags |= PvscsiSpec.FlagSgList;
        Assert.AreEqual(new TestCompletion(5, Length, 0, PvscsiSpec.HostSuccess, 0), bench.Run(write), "the last element lies beyond dataLen and is never read");
        CollectionAssert.AreEqual(data, bench.ReadImage(40 * 512, Length));

        ulong q = PvscsiBench.DataBase + 0x20_0000;
        (ulong Address, uint Length)[] readSegments = [(q + 0x4C00, 0x400), (q + 0x1000, 0x1000), (q + 0x8000, 0xA00)];
        WriteSgList(bench, list, readSegments);
        var read = TestRequest.Read(6, 40, Length / 512, list);
        read.Flags |= PvscsiSpec.FlagSgList;
        Assert.AreEqual(new TestCompletion(6, Length, 0, PvscsiSpec.HostSuccess, 0), bench.Run(read));
        var gathered = readSegments.SelectMany(segment => bench.ReadGuest(segment.Address, (int)segment.Length)).ToArray();
        CollectionAssert.AreEqual(data, gathered);
    }

    [TestMethod]
    public void Sg_data_elements_may_span_pages()
    {
        using var bench = new PvscsiBench();
        ulong list = PvscsiBench.DataBase;
        (ulong Address, uint Length)[] segments = [(PvscsiBench.DataBase + 0x1E00, 0x2400), (PvscsiBench.DataBase + 0x8F00, 0x1200)];
        WriteSgList(bench, list, segments);
        var data = PvscsiBench.Pattern(0x3600, 3);
        bench.WriteGuest(segments[0].Address, data.AsSpan(0, 0x2400));
        bench.WriteGuest(segments[1].Address, data.AsSpan(0x2400));
        var write = TestRequest.Write(7, 8, 0x3600 / 512, list);
        write.Flags |= PvscsiSpec.FlagSgList;
        Assert.AreEqual(new TestCompletion(7, 0x3600, 0, PvscsiSpec.HostSuccess, 0), bench.Run(write), bench.Controller.LastError);
        CollectionAssert.AreEqual(data, bench.ReadImage(8 * 512, 0x3600));
    }

    [TestMethod]
    public void An_sg_list_crossing_a_page_fails_the_request_before_the_disk_is_touched()
    {
        using var bench = new PvscsiBench();

        // The last 16 bytes of a page hold one element; the second would be in the next page.
        ulong list = PvscsiBench.DataBase + 0xFF0;
        WriteSgList(bench, list, [(PvscsiBench.DataBase + 0x2000, 0x200), (PvscsiBench.DataBase + 0x3000, 0x200)]);
        var write = TestRequest.Write(7, 0, 2, list);
        write.Flags |= PvscsiSpec.FlagSgList;
        int writes = bench.Disk.Device.Writes;
        Assert.AreEqual(new TestCompletion(7, 0, 0, PvscsiSpec.HostInvalidParameter, 0), bench.Run(write));
        Assert.AreEqual(writes, bench.Disk.Device.Writes);
        StringAssert.Contains(bench.Controller.LastError, "crosses a page boundary");

        // The same list ending exactly at the page's end is fine.
        write.DataLength = 0x200;
        write.Cdb = Cdb.Rw10(ScsiOpcodes.Write10, 0, 1);
        write.Context = 8;
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(write).HostStatus, bench.Controller.LastError);
    }

    [TestMethod]
    public void Data_buffers_outside_memory_fail_with_a_host_adapter_error()
    {
        using var bench = new PvscsiBench();
        Assert.AreEqual(PvscsiSpec.HostHardware, bench.Run(TestRequest.Read(1, 0, 1, 0xA0000)).HostStatus, "direct buffer in the 640 KiB hole");
        Assert.AreEqual(PvscsiSpec.HostHardware, bench.Run(TestRequest.Write(2, 0, 1, 0x9_F000 - 0x100)).HostStatus, "direct buffer running into the hole");
        var sg = TestRequest.Read(3, 0, 1, 0xA0000);
        sg.Flags |= PvscsiSpec.FlagSgList;
        Assert.AreEqual(PvscsiSpec.HostHardware, bench.Run(sg).HostStatus, "SG list in the hole");
        WriteSgList(bench, PvscsiBench.DataBase, [(0xA1000, 0x200)]);
        sg = TestRequest.Write(4, 0, 1, PvscsiBench.DataBase);
        sg.Flags |= PvscsiSpec.FlagSgList;
        Assert.AreEqual(PvscsiSpec.HostHardware, bench.Run(sg).HostStatus, "SG element in the hole");
        Assert.AreEqual(0, bench.Disk.Device.Writes);
    }

    [TestMethod]
    public void Requests_to_absent_devices_end_in_selection_timeout()
    {
        using var bench = new PvscsiBench();
        Assert.AreEqual(PvscsiSpec.HostSelectionTimeout, bench.Run(new TestRequest { Context = 1, Target = 1 }).HostStatus);
        Assert.AreEqual(PvscsiSpec.HostSelectionTimeout, bench.Run(new TestRequest { Context = 2, Target = 200 }).HostStatus);
        Assert.AreEqual(PvscsiSpec.HostSelectionTimeout, bench.Run(new TestRequest { Context = 3, Bus = 1 }).HostStatus);
        Assert.AreEqual(PvscsiSpec.HostSelectionTimeout, bench.Run(new TestRequest { Context = 4, Lun = [1, 0, 0, 0, 0, 0, 0, 0] }).HostStatus);
        Assert.AreEqual(PvscsiSpec.HostSelectionTimeout, bench.Run(new TestRequest { Context = 5, Lun = [0, 0, 0, 0, 0, 0, 0, 1] }).HostStatus);

        // LUN 1 of a present target reaches the target, which answers for itself.
        var lunOne = bench.Run(new TestRequest { Context = 6, Lun = [0, 1, 0, 0, 0, 0, 0, 0] });
        Assert.AreEqual(PvscsiSpec.HostSuccess, lunOne.HostStatus);
        Assert.AreEqual((ushort)0x02, lunOne.ScsiStatus);
    }

    [TestMethod]
    public void A_direction_flag_contradicting_the_cdb_is_a_bad_message()
    {
        using var bench = new PvscsiBench();
        var read = TestRequest.Read(1, 0, 1, PvscsiBench.DataBase);
        read.Flags = PvscsiSpec.FlagToDevice;
        Assert.AreEqual(new TestCompletion(1, 0, 0, PvscsiSpec.HostBadMessage, 0), bench.Run(read));
        var write = TestRequest.Write(2, 0, 1, PvscsiBench.DataBase);
        write.Flags = PvscsiSpec.FlagToHost;
        Assert.AreEqual(new TestCompletion(2, 0, 0, PvscsiSpec.HostBadMessage, 0), bench.Run(write));
        Assert.AreEqual(0, bench.Disk.Device.Writes);
        Assert.AreEqual(0, bench.Disk.Device.Reads);

        // No direction flag at all: the CDB decides.
        var undeclared = TestRequest.Read(3, 0, 1, PvscsiBench.DataBase);
        undeclared.Flags = 0;
        Assert.AreEqual(new TestCompletion(3, 512, 0, PvscsiSpec.HostSuccess, 0), bench.Run(undeclared));

        // DIR_NONE for a CDB that moves data: a data overrun (QEMU), never a success that moved nothing.
        var none = TestRequest.Read(4, 0, 1, PvscsiBench.DataBase);
        none.Flags = PvscsiSpec.FlagDirectionNone;
        Assert.AreEqual(new TestCompletion(4, 0, 0, PvscsiSpec.HostDataRun, 0), bench.Run(none));
    }

    [TestMethod]
    public void A_short_data_in_succeeds_with_the_actual_length()
    {
        using var bench = new PvscsiBench();
        var inquiry = bench.Run(new TestRequest
        {
            Context = 1,
            Cdb = Cdb.Inquiry(allocation: 255),
            DataAddress = PvscsiBench.DataBase,
            DataLength = 255,
            Flags = PvscsiSpec.FlagToHost,
        });
        var reply = bench.ReadGuest(PvscsiBench.DataBase, 8);
        Assert.AreEqual(PvscsiSpec.HostSuccess, inquiry.HostStatus);
        Assert.AreEqual((ulong)(reply[4] + 5), inquiry.DataLength, "standard INQUIRY data, not the allocation length");

        var capacity = bench.Run(new TestRequest
        {
            Context = 2,
            Cdb = Cdb.ReadCapacity10(),
            DataAddress = PvscsiBench.DataBase,
            DataLength = 512,
            Flags = PvscsiSpec.FlagToHost,
        });
        Assert.AreEqual(new TestCompletion(2, 8, 0, PvscsiSpec.HostSuccess, 0), capacity);
        Assert.AreEqual((uint)((64 << 20) / 512) - 1, BinaryPrimitives.ReadUInt32BigEndian(bench.ReadGuest(PvscsiBench.DataBase, 4)));
    }

    [TestMethod]
    [DataRow(0UL, 10, DisplayName = "zero context")]
    [DataRow(0x1_0000_0001UL, 10, DisplayName = "context above 32 bits")]
    [DataRow(1UL, 0, DisplayName = "cdbLen 0")]
    [DataRow(1UL, 17, DisplayName = "cdbLen 17")]
    public void Malformed_descriptors_complete_with_invalid_parameter(ulong context, int cdbLength)
    {
        using var bench = new PvscsiBench();
        var request = TestRequest.Write(context, 0, 1, PvscsiBench.DataBase);
        request.CdbLength = cdbLength;
        bench.Submit(request);
        Assert.AreEqual(PvscsiSpec.Completion0, bench.PollAndAcknowledge());
        var completions = bench.Drain();
        Assert.HasCount(1, completions);
        Assert.AreEqual(new TestCompletion(context, 0, 0, PvscsiSpec.HostInvalidParameter, 0), completions[0]);
        Assert.AreEqual(0, bench.Disk.Device.Writes);
        Assert.IsNotNull(bench.Controller.LastError);
    }

    [TestMethod]
    public void Check_condition_sense_is_dmad_up_to_senseLen()
    {
        using var bench = new PvscsiBench();
        bench.Sense.Span.Fill(0xEE);
        var outOfRange = TestRequest.Read(1, 200_000, 1, PvscsiBench.DataBase);
        outOfRange.SenseAddress = bench.Sense.PhysicalAddress;
        outOfRange.SenseLength = 96;
        var completion = bench.Run(outOfRange);
        Assert.AreEqual(new TestCompletion(1, 0, 18, PvscsiSpec.HostSuccess, 0x02), completion);
        Assert.AreEqual(0x70, bench.Sense.Span[0] & 0x7F);
        Assert.AreEqual(0x05, bench.Sense.Span[2] & 0x0F, "ILLEGAL REQUEST");
        Assert.AreEqual(0x21, bench.Sense.Span[12], "LBA out of range");
        Assert.AreEqual(0xEE, bench.Sense.Span[18], "nothing past the sense data");

        bench.Sense.Span.Fill(0xEE);
        outOfRange.Context = 2;
        outOfRange.SenseLength = 8;
        Assert.AreEqual(new TestCompletion(2, 0, 8, PvscsiSpec.HostSuccess, 0x02), bench.Run(outOfRange));
        Assert.AreEqual(0xEE, bench.Sense.Span[8], "senseLen caps the DMA");

        outOfRange.Context = 3;
        outOfRange.SenseLength = 0;
        Assert.AreEqual(new TestCompletion(3, 0, 0, PvscsiSpec.HostSuccess, 0x02), bench.Run(outOfRange), "no sense buffer, no sense");

        outOfRange.Context = 4;
        outOfRange.SenseLength = 18;
        outOfRange.SenseAddress = 0xA0000;
        Assert.AreEqual(new TestCompletion(4, 0, 0, PvscsiSpec.HostSenseFailed, 0x02), bench.Run(outOfRange));
    }

    [TestMethod]
    public void Sixteen_byte_cdbs_reach_lbas_beyond_32_bits()
    {
        using var bench = new PvscsiBench(diskSize: 3L << 40);
        ulong lba = (1UL << 32) + 9;
        var data = PvscsiBench.Pattern(4096, 3);
        bench.WriteGuest(PvscsiBench.DataBase, data);
        var write = new TestRequest { Context = 1, Cdb = Cdb.Rw16(ScsiOpcodes.Write16, lba, 8), DataAddress = PvscsiBench.DataBase, DataLength = 4096, Flags = PvscsiSpec.FlagToDevice };
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(write).HostStatus);
        CollectionAssert.AreEqual(data, bench.ReadImage((long)lba * 512, 4096));
    }

    [TestMethod]
    public void Large_transfers_stream_between_the_disk_and_guest_memory_without_large_allocations()
    {
        using var bench = new PvscsiBench();
        const int Length = 4 << 20;
        var buffer = bench.Space.AllocateBuffer(Length, 4096, below4GiB: true);
        PvscsiBench.Pattern(Length, 4).CopyTo(buffer.Span);
        var write = new TestRequest { Context = 1, Cdb = Cdb.Rw12(ScsiOpcodes.Write12, 0, Length / 512), DataAddress = buffer.PhysicalAddress, DataLength = Length, Flags = PvscsiSpec.FlagToDevice };
        Assert.AreEqual(PvscsiSpec.HostSuccess, bench.Run(write).HostStatus);
        buffer.Span.Clear();

        var read = new TestRequest { Context = 2, Cdb = Cdb.Rw12(ScsiOpcodes.Read12, 0, Length / 512), DataAddress = buffer.PhysicalAddress, DataLength = Length, Flags = PvscsiSpec.FlagToHost };
        bench.Post(read);
        long before = GC.GetAllocatedBytesForCurrentThread();
        bench.Kick();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(new TestCompletion(2, Length, 0, PvscsiSpec.HostSuccess, 0), bench.Drain().Single());
        Assert.IsLessThan(16 * 1024L, allocated, $"{allocated} bytes allocated for a 4 MiB read");
        CollectionAssert.AreEqual(PvscsiBench.Pattern(Length, 4), buffer.Span.ToArray());
    }

    internal static void WriteSgList(PvscsiBench bench, ulong address, (ulong Address, uint Length)[] segments)
    {
        var list = new byte[segments.Length * 16];
        for (int i = 0; i < segments.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(list.AsSpan(i * 16), segments[i].Address);
            BinaryPrimitives.WriteUInt32LittleEndian(list.AsSpan((i * 16) + 8), segments[i].Length);
        }

        bench.WriteGuest(address, list);
    }
}
