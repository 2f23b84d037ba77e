using System.Buffers.Binary;
using DumpFramework.Hardware.Tests.LsiSas.TestSupport;

namespace DumpFramework.Hardware.Tests.LsiSas;

[TestClass]
public sealed class Sas1068ScsiIoTests
{
    private const uint NoData = 0;
    private const uint Write = 1;
    private const uint Read = 2;

    [TestMethod]
    public void Request_posted_before_operational_faults_with_invalid_state()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.Handshake(MpiTestHost.IocFactsRequest(1));
        host.Post(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 0x10));
        Assert.AreEqual(0x4000_0008u, host.Doorbell);
        Assert.IsNotNull(bench.Controller.Fault);
        StringAssert.StartsWith(bench.Controller.Fault, "MPI FAULT 0x0008: request");
        Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44));
        Assert.AreEqual(0, bench.Disk.CommandCount);
    }

    [TestMethod]
    public void Successful_request_gets_a_turbo_reply_after_the_completion_latency()
    {
        using var bench = new LsiSasBench(latency: 3);
        var host = bench.Host;
        host.InitializeToOperational();
        host.Post(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 0x0001_0002));
        Assert.AreEqual(0u, host.InterruptStatus & 0x8, "RI not yet");
        Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44));
        Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44));
        Assert.AreEqual(0x0001_0002u, host.Registers.Read32(0x44), "the turbo descriptor is the MsgContext");
        Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44));
        Assert.AreEqual(0u, host.InterruptStatus & 0x8, "an empty read cleared RI");
    }

    [TestMethod]
    public void Latency_zero_completes_inside_the_request_write()
    {
        using var bench = new LsiSasBench(latency: 0);
        var host = bench.Host;
        host.InitializeToOperational();
        host.Post(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 0x42));
        Assert.AreEqual(0x8u, host.InterruptStatus & 0x8);
        Assert.AreEqual(0x42u, host.Registers.Read32(0x44));
    }

    [TestMethod]
    public void Write_then_read_round_trips_through_a_single_64_bit_sge_above_4GiB()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var buffer = bench.Data(8192);
        Assert.IsGreaterThanOrEqualTo(0x1_0000_0000UL, buffer.PhysicalAddress);
        var expected = new byte[8192];
        Random.Shared.NextBytes(expected);
        buffer.Write(expected);

        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.Write16(40, 16), Write, 8192, 0x100);
        host.WriteSingleSge(frame, write: true, 8192, buffer.PhysicalAddress);
        Assert.IsTrue(host.Run(frame).IsTurbo);
        CollectionAssert.AreEqual(expected, bench.ReadDisk(40, 16));

        buffer.Clear();
        frame = host.BuildScsiIo(1, 0, LsiSasBench.Read10(40, 16), Read, 8192, 0x101);
        host.WriteSingleSge(frame, write: false, 8192, buffer.PhysicalAddress);
        var reply = host.Run(frame);
        Assert.IsTrue(reply.IsTurbo);
        Assert.AreEqual(0x101u, reply.Context);
        CollectionAssert.AreEqual(expected, buffer.Read());
    }

    [TestMethod]
    public void Short_data_in_is_an_underrun_address_reply_with_the_transfer_count()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var buffer = bench.Data(255);
        ulong frame = host.BuildScsiIo(0, 0, [0x12, 0, 0, 0, 255, 0], Read, 255, 0x200);
        host.WriteSingleSge(frame, write: false, 255, buffer.PhysicalAddress);
        var reply = host.Run(frame);
        Assert.IsFalse(reply.IsTurbo);
        Assert.AreEqual((byte)9, reply.MsgLength);
        Assert.AreEqual(0x200u, reply.Context);
        Assert.AreEqual((ushort)0x0045, reply.IocStatus, "SCSI_DATA_UNDERRUN");
        Assert.AreEqual((byte)0, reply.ScsiStatus);
        Assert.AreEqual(96u, reply.TransferCount, "the disk's whole standard INQUIRY data (96 bytes, §5.2)");
        Assert.AreEqual((ushort)0xFFFF, (ushort)reply.Dword(0x20), "TaskTag");
        CollectionAssert.AreEqual("DFBENCH "u8.ToArray(), buffer.Read(8, 8));
    }

    [TestMethod]
    public void Check_condition_dmas_the_sense_and_sends_an_address_reply()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var buffer = bench.Data(512);
        host.FillMemory(host.SenseBuffer(2), 32, 0xEE);
        ulong frame = host.BuildScsiIo(2, 0, LsiSasBench.Read10(16384, 1), Read, 512, 0x300, senseLength: 32);
        host.WriteSingleSge(frame, write: false, 512, buffer.PhysicalAddress);
        var reply = host.Run(frame);

        Assert.IsFalse(reply.IsTurbo);
        Assert.AreEqual((ushort)0x0000, reply.IocStatus, "the transport succeeded");
        Assert.AreEqual((byte)0x02, reply.ScsiStatus, "CHECK CONDITION");
        Assert.AreEqual((byte)0x01, reply.ScsiState, "AUTOSENSE_VALID");
        Assert.AreEqual(18u, reply.SenseCount);
        Assert.AreEqual(0u, reply.TransferCount);
        var sense = host.ReadMemory(host.SenseBuffer(2), 32);
        Assert.AreEqual((byte)0xF0, sense[0], "fixed format, current, VALID");
        Assert.AreEqual(16384u, BinaryPrimitives.ReadUInt32BigEndian(sense.AsSpan(3)), "INFORMATION: the failing LBA");
        Assert.AreEqual((byte)0x05, sense[2], "ILLEGAL REQUEST");
        Assert.AreEqual((byte)0x21, sense[12], "LBA out of range");
        Assert.AreEqual((byte)0xEE, sense[18], "nothing written past SenseCount");
    }

    [TestMethod]
    public void Sense_is_truncated_to_the_sense_buffer_length()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        host.FillMemory(host.SenseBuffer(0), 32, 0xEE);
        var reply = host.Run(host.BuildScsiIo(0, 0, [0xFF, 0, 0, 0, 0, 0], NoData, 0, 0x301, senseLength: 8));
        Assert.AreEqual(8u, reply.SenseCount);
        Assert.AreEqual((byte)0xEE, host.ReadMemory(host.SenseBuffer(0), 32)[8]);
    }

    [TestMethod]
    public void Absent_target_is_device_not_there()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var reply = host.Run(host.BuildScsiIo(0, 5, LsiSasBench.TestUnitReady, NoData, 0, 0x400));
        Assert.AreEqual((ushort)0x0043, reply.IocStatus);
        Assert.AreEqual((byte)0x04, reply.ScsiState, "NO_SCSI_STATUS");
        Assert.AreEqual((byte)5, reply.Frame![0]);
    }

    [TestMethod]
    public void Targets_are_not_there_until_the_port_is_enabled()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.PostReplyFrames(4);
        host.Handshake(host.IocInitRequest(1));
        var reply = host.Run(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 0x401));
        Assert.AreEqual((ushort)0x0043, reply.IocStatus);
        Assert.AreEqual(0, bench.Disk.CommandCount);
    }

    [TestMethod]
    public void Invalid_bus_target_cdb_and_direction_are_rejected_before_execution()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational(maxDevices: 8);
        Assert.AreEqual((ushort)0x0041, host.Run(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 1, bus: 1)).IocStatus);
        Assert.AreEqual((ushort)0x0042, host.Run(host.BuildScsiIo(0, 9, LsiSasBench.TestUnitReady, NoData, 0, 2)).IocStatus);
        Assert.AreEqual((ushort)0x0007, host.Run(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 3, cdbLength: 0)).IocStatus);
        Assert.AreEqual((ushort)0x0007, host.Run(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 4, cdbLength: 17)).IocStatus);
        Assert.AreEqual((ushort)0x0007, host.Run(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, 3, 0, 5)).IocStatus, "bidirectional");

        var buffer = bench.Data(512);
        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.Read10(0, 1), Write, 512, 6);
        host.WriteSingleSge(frame, write: true, 512, buffer.PhysicalAddress);
        Assert.AreEqual((ushort)0x0044, host.Run(frame).IocStatus, "direction disagrees with the CDB");
        Assert.AreEqual(0, bench.Disk.CommandCount);
    }

    [TestMethod]
    public void A_cdb_asking_more_than_data_length_or_data_without_a_direction_is_a_data_overrun_as_qemu()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var buffer = bench.Data(1024);

        // Two blocks asked, one block of buffer: MPI_IOCSTATUS_SCSI_DATA_OVERRUN, never a truncated success.
        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.Read10(0, 2), Read, 512, 7);
        host.WriteSingleSge(frame, write: false, 512, buffer.PhysicalAddress);
        Assert.AreEqual((ushort)0x0044, host.Run(frame).IocStatus);

        // A READ declared as moving no data.
        Assert.AreEqual((ushort)0x0044, host.Run(host.BuildScsiIo(0, 0, LsiSasBench.Read10(0, 1), NoData, 0, 8)).IocStatus);
        Assert.AreEqual(0, bench.Disk.CommandCount, "the disk never saw them");

        // The same read with a matching length succeeds.
        frame = host.BuildScsiIo(0, 0, LsiSasBench.Read10(0, 2), Read, 1024, 9);
        host.WriteSingleSge(frame, write: false, 1024, buffer.PhysicalAddress);
        Assert.IsTrue(host.Run(frame).IsTurbo);
    }

    [TestMethod]
    public void Reply_frames_are_recycled_across_more_requests_than_frames()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational(replyFrames: 4);
        var seen = new HashSet<ulong>();
        for (uint i = 0; i < 50; i++)
        {
            var reply = host.Run(host.BuildScsiIo(0, 0, LsiSasBench.Read10(20000, 1), NoData, 0, i));
            Assert.IsFalse(reply.IsTurbo);
            Assert.AreEqual(i, reply.Context);
            seen.Add(reply.FrameAddress);
        }

        Assert.HasCount(4, seen, "the same four frames are used round robin");
        Assert.IsNull(bench.Controller.Fault);
    }

    [TestMethod]
    public void Reply_free_fifo_exhaustion_faults_with_insufficient_resources()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational(replyFrames: 3);
        for (uint i = 0; i < 3; i++)
        {
            Assert.IsFalse(host.Run(host.BuildScsiIo(0, 0, LsiSasBench.Read10(20000, 1), NoData, 0, i), returnFrame: false).IsTurbo);
        }

        host.Post(host.BuildScsiIo(0, 0, LsiSasBench.Read10(20000, 1), NoData, 0, 3));
        for (int i = 0; i < 4; i++)
        {
            Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44));
        }

        Assert.AreEqual(0x4400_0006u, host.Doorbell);
        StringAssert.Contains(bench.Controller.Fault, "reply free FIFO empty");
    }

    [TestMethod]
    public void Reply_free_fifo_overflow_faults()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        for (int i = 0; i < 128; i++)
        {
            host.Write(0x44, 0x1000 + ((uint)i * 64));
        }

        Assert.IsNull(bench.Controller.Fault);
        host.Write(0x44, 0x9000);
        Assert.AreEqual(0x4000_0006u, host.Doorbell);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Chained_sgl_scatters_and_gathers(bool address64)
    {
        // 32-bit SGEs carry 32-bit addresses: frames and buffers then live below 4 GiB.
        using var bench = new LsiSasBench(framesBelow4GiB: !address64);
        var host = bench.Host;
        host.InitializeToOperational();
        int[] sizes = [512, 1536, 1024, 2048, 512, 3584];
        var buffers = sizes.Select(size => bench.Data(size, below4GiB: !address64)).ToArray();
        Assert.IsTrue(buffers.All(buffer => buffer.PhysicalAddress >= LsiSasBench.HighBase == address64), "64-bit SGEs really point above 4 GiB");
        Assert.AreEqual(address64 ? 1u : 0u, host.HighAddress, "the frames follow the SGE width");
        int total = sizes.Sum();
        var expected = new byte[total];
        Random.Shared.NextBytes(expected);
        int offset = 0;
        foreach (var buffer in buffers)
        {
            buffer.Write(expected.AsSpan(offset, buffer.Length));
            offset += buffer.Length;
        }

        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.Write10(100, (ushort)(total / 512)), Write, (uint)total, 0x500);
        WriteChainedSgl(host, frame, buffers.Select(b => (b.PhysicalAddress, (uint)b.Length)).ToArray(), write: true, address64);
        Assert.IsTrue(host.Run(frame).IsTurbo);
        CollectionAssert.AreEqual(expected, bench.ReadDisk(100, total / 512));

        foreach (var buffer in buffers)
        {
            buffer.Clear();
        }

        frame = host.BuildScsiIo(1, 0, LsiSasBench.Read10(100, (ushort)(total / 512)), Read, (uint)total, 0x501);
        WriteChainedSgl(host, frame, buffers.Select(b => (b.PhysicalAddress, (uint)b.Length)).ToArray(), write: false, address64);
        Assert.IsTrue(host.Run(frame).IsTurbo);
        offset = 0;
        foreach (var buffer in buffers)
        {
            CollectionAssert.AreEqual(expected[offset..(offset + buffer.Length)], buffer.Read());
            offset += buffer.Length;
        }
    }

    [TestMethod]
    public void Streaming_many_megabytes_through_chained_page_lists()
    {
        using var bench = new LsiSasBench(diskBlocks: 8 * 2048);
        var host = bench.Host;
        host.InitializeToOperational();
        const int Transfer = 128 * 1024;
        var pages = Enumerable.Range(0, Transfer / 4096).Select(_ => bench.Data(4096)).ToArray();
        var segments = pages.Select(p => (p.PhysicalAddress, 4096u)).Reverse().ToArray();
        for (int chunk = 0; chunk < 8 * 1024 * 1024 / Transfer; chunk++)
        {
            foreach (var page in pages)
            {
                page.Fill((byte)chunk);
            }

            uint lba = (uint)(chunk * Transfer / 512);
            ulong frame = host.BuildScsiIo(chunk % 8, 0, LsiSasBench.Write16(lba, Transfer / 512), Write, Transfer, (uint)chunk);
            WriteChainedSgl(host, frame, segments, write: true, address64: true);
            var reply = host.Run(frame);
            Assert.IsTrue(reply.IsTurbo);
            Assert.AreEqual((uint)chunk, reply.Context);
        }

        for (int chunk = 0; chunk < 64; chunk++)
        {
            Assert.AreEqual((byte)chunk, bench.ReadDisk((chunk * Transfer / 512) + 1, 1)[777 - 512]);
        }
    }

    [TestMethod]
    public void Sgl_shorter_than_the_data_length_is_invalid()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var buffer = bench.Data(512);
        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.Read10(0, 2), Read, 1024, 0x600);
        host.WriteSingleSge(frame, write: false, 512, buffer.PhysicalAddress);
        var reply = host.Run(frame);
        Assert.AreEqual((ushort)0x0003, reply.IocStatus);
        Assert.AreEqual(0, bench.Disk.CommandCount);
    }

    [TestMethod]
    [DataRow(0x0000_0000u, DisplayName = "transaction element")]
    [DataRow(0x3000_0000u, DisplayName = "chain where a simple element is expected")]
    [DataRow(0x1800_0000u, DisplayName = "IOC-local address")]
    public void Bad_sge_flags_are_invalid_sgl(uint typeBits)
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var buffer = bench.Data(512);
        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.Read10(0, 1), Read, 512, 0x601);
        var sge = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(sge, 0xC300_0000u | typeBits | 512);
        BinaryPrimitives.WriteUInt64LittleEndian(sge.AsSpan(4), buffer.PhysicalAddress);
        host.WriteMemory(frame + 0x30, sge);
        Assert.AreEqual((ushort)0x0003, host.Run(frame).IocStatus);
        Assert.IsNull(bench.Controller.Fault);
    }

    [TestMethod]
    public void Zero_length_element_without_end_flags_is_invalid()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 0x602);
        var sge = new byte[12];
        MpiTestHost.WriteSimple(sge, true, 0x8000_0000, 0, 0);
        host.WriteMemory(frame + 0x30, sge);
        Assert.AreEqual((ushort)0x0003, host.Run(frame).IocStatus);

        frame = host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 0x603);
        MpiTestHost.WriteSimple(sge, true, 0xC100_0000, 0, 0);
        host.WriteMemory(frame + 0x30, sge);
        Assert.IsTrue(host.Run(frame).IsTurbo, "a zero-length LAST|EOB|EOL element is the no-data SGL");
    }

    [TestMethod]
    public void Chain_into_unmapped_memory_is_invalid_sgl()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.Read10(0, 1), Read, 512, 0x604, chainOffset: 0x30 / 4);
        var chain = new byte[12];
        MpiTestHost.WriteChain(chain, true, 0, 12, 0xDEAD_0000);
        host.WriteMemory(frame + 0x30, chain);
        Assert.AreEqual((ushort)0x0003, host.Run(frame).IocStatus);
    }

    [TestMethod]
    public void Data_dma_to_unmapped_memory_is_an_io_data_error_not_an_exception()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        ulong frame = host.BuildScsiIo(0, 0, LsiSasBench.Read10(0, 8), Read, 4096, 0x700);
        host.WriteSingleSge(frame, write: false, 4096, 0x7_0000_0000);
        var reply = host.Run(frame);
        Assert.AreEqual((ushort)0x0046, reply.IocStatus);
        Assert.AreEqual(0u, reply.TransferCount);
        Assert.IsNull(bench.Controller.Fault);
        Assert.IsTrue(host.Run(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, NoData, 0, 0x701)).IsTurbo, "the IOC keeps working");
    }

    [TestMethod]
    public void Sense_dma_to_unmapped_memory_reports_autosense_failed()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var reply = host.Run(host.BuildScsiIo(0, 0, [0xFF, 0, 0, 0, 0, 0], NoData, 0, 0x702, senseLow: 0xF000_0000));
        Assert.AreEqual((byte)0x02, reply.ScsiStatus);
        Assert.AreEqual((byte)0x02, reply.ScsiState, "AUTOSENSE_FAILED");
        Assert.AreEqual(0u, reply.SenseCount);
    }

    [TestMethod]
    public void Sense_address_width_follows_msgflags()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var lowSense = bench.Data(32, below4GiB: true);
        var reply = host.Run(host.BuildScsiIo(0, 0, [0xFF, 0, 0, 0, 0, 0], NoData, 0, 0x703, msgFlags: 0, senseLow: (uint)lowSense.PhysicalAddress));
        Assert.AreEqual((byte)0x01, reply.ScsiState);
        Assert.AreEqual((byte)0x70, lowSense.Read(0, 1)[0], "32-bit sense address ignores SenseBufferHighAddr");
    }

    [TestMethod]
    public void Unmapped_request_frame_faults_the_IOC()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        host.Write(0x40, 0xABC0_0000);
        Assert.AreEqual(0x4400_0004u, host.Doorbell);
        StringAssert.Contains(bench.Controller.Fault, "bus error fetching the request frame");
    }

    [TestMethod]
    public void Unmapped_reply_frame_faults_the_IOC()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational(replyFrames: 0);
        host.Write(0x44, 0xABC0_0000);
        host.Post(host.BuildScsiIo(0, 0, [0xFF, 0, 0, 0, 0, 0], NoData, 0, 0x704));
        Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44));
        Assert.AreEqual(MpiTestHost.Empty, host.Registers.Read32(0x44));
        Assert.AreEqual(0x4400_0004u, host.Doorbell);
        StringAssert.Contains(bench.Controller.Fault, "reply frame");
    }

    [TestMethod]
    public void Unknown_function_in_a_request_frame_faults_with_invalid_function()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var frame = new byte[12];
        frame[3] = 0x2F;
        host.WriteMemory(host.RequestFrame(0), frame);
        host.Post(host.RequestFrame(0));
        Assert.AreEqual(0x4400_0001u, host.Doorbell);
        StringAssert.Contains(bench.Controller.Fault, "invalid function 0x2F");
    }

    [TestMethod]
    public void Iocfacts_posted_through_the_fifo_gets_an_address_reply()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var frame = new byte[12];
        frame[3] = 0x03;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), 0x900);
        host.WriteMemory(host.RequestFrame(0), frame);
        var reply = host.Run(host.RequestFrame(0));
        Assert.IsFalse(reply.IsTurbo);
        Assert.AreEqual((byte)0x03, reply.Function);
        Assert.AreEqual(0x900u, reply.Context);
        Assert.AreEqual((byte)20, reply.MsgLength, "the frame is cut to ReplyFrameSize, MsgLength is kept");
    }

    [TestMethod]
    public void Lun_and_read_capacity16_reach_the_target()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.InitializeToOperational();
        var buffer = bench.Data(32);
        byte[] cdb = [0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0];
        ulong frame = host.BuildScsiIo(0, 0, cdb, Read, 32, 0x800);
        host.WriteSingleSge(frame, write: false, 32, buffer.PhysicalAddress);
        Assert.IsTrue(host.Run(frame).IsTurbo);
        Assert.AreEqual(16383UL, BinaryPrimitives.ReadUInt64BigEndian(buffer.Read()));

        var reply = host.Run(host.BuildScsiIo(1, 0, LsiSasBench.TestUnitReady, NoData, 0, 0x801, lun: 1));
        Assert.AreEqual((byte)0x02, reply.ScsiStatus);
        Assert.AreEqual((byte)0x25, host.ReadMemory(host.SenseBuffer(1), 18)[12], "LUN not supported");
    }

    /// <summary>
    /// Lays out an SGL the way an MPI host does: two simple elements in the main frame, then chain segments of at
    /// most three simple elements, each but the last ending in a chain element. Frames are composed in local copies
    /// and written to host memory at the end.
    /// </summary>
    private static void WriteChainedSgl(MpiTestHost host, ulong frame, (ulong Address, uint Length)[] segments, bool write, bool address64)
    {
        int sgeSize = address64 ? 12 : 8;
        uint dir = write ? 0x0400_0000u : 0;
        int next = 0;
        var main = host.ReadMemory(frame, MpiTestHost.RequestFrameSize);
        var frames = new List<(ulong Address, byte[] Bytes)> { (frame, main) };
        int position = 0x30;
        const int InMain = 2;
        const int PerChain = 3;
        for (; next < InMain && next < segments.Length; next++)
        {
            bool last = next == segments.Length - 1;
            uint flags = dir | (last ? 0xC100_0000u : next == InMain - 1 ? 0x8000_0000u : 0);
            position += MpiTestHost.WriteSimple(main.AsSpan(position), address64, flags, segments[next].Length, segments[next].Address);
        }

        if (next < segments.Length)
        {
            main[2] = (byte)(position / 4);
            var chainSlot = main.AsMemory(position);
            int chainIndex = 0;
            while (next < segments.Length)
            {
                int count = Math.Min(PerChain, segments.Length - next);
                bool more = next + count < segments.Length;
                ulong chainAddress = host.ChainFrame(chainIndex++);
                int length = (count * sgeSize) + (more ? sgeSize : 0);
                MpiTestHost.WriteChain(chainSlot.Span, address64, more ? (byte)(count * sgeSize / 4) : (byte)0, (ushort)length, chainAddress);
                var chain = new byte[MpiTestHost.RequestFrameSize];
                frames.Add((chainAddress, chain));
                int at = 0;
                for (int i = 0; i < count; i++, next++)
                {
                    bool lastOverall = next == segments.Length - 1;
                    bool lastHere = i == count - 1;
                    uint flags = dir | (lastOverall ? 0xC100_0000u : lastHere ? 0x8000_0000u : 0);
                    at += MpiTestHost.WriteSimple(chain.AsSpan(at), address64, flags, segments[next].Length, segments[next].Address);
                }

                chainSlot = chain.AsMemory(at);
            }
        }

        foreach (var (address, bytes) in frames)
        {
            host.WriteMemory(address, bytes);
        }
    }
}
