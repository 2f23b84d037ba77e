using System.Buffers.Binary;
using DumpFramework.Hardware.Tests.LsiSas.TestSupport;

namespace DumpFramework.Hardware.Tests.LsiSas;

[TestClass]
public sealed class Sas1068TaskManagementTests
{
    [TestMethod]
    public void Target_reset_terminates_the_outstanding_requests_of_that_target()
    {
        using var bench = new LsiSasBench(latency: 4, secondDisk: true);
        var host = bench.Host;
        host.InitializeToOperational();
        int resetsBefore = bench.Disk.ResetCount;

        host.Post(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, 0, 0, 0x10));
        host.Post(host.BuildScsiIo(1, 0, LsiSasBench.TestUnitReady, 0, 0, 0x11));
        host.Post(host.BuildScsiIo(2, 1, LsiSasBench.TestUnitReady, 0, 0, 0x12));
        host.Post(BuildTaskManagement(host, 3, target: 0, taskType: 3, context: 0x99));

        var replies = Enumerable.Range(0, 4).Select(_ => host.Decode(host.PollReply())).ToArray();
        Assert.AreEqual(0x10u, replies[0].Context);
        Assert.AreEqual((ushort)0x0048, replies[0].IocStatus, "SCSI_TASK_TERMINATED");
        Assert.AreEqual((byte)0x04, replies[0].ScsiState);
        Assert.AreEqual(0x11u, replies[1].Context);
        Assert.AreEqual((ushort)0x0048, replies[1].IocStatus);
        Assert.IsTrue(replies[2].IsTurbo, "the other target's request completes normally");
        Assert.AreEqual(0x12u, replies[2].Context);
        Assert.AreEqual((byte)0x01, replies[3].Function);
        Assert.AreEqual(0x99u, replies[3].Context);
        Assert.AreEqual((byte)6, replies[3].MsgLength);
        Assert.AreEqual((byte)0, replies[3].Frame![4], "ResponseCode complete");
        Assert.AreEqual((byte)3, replies[3].Frame![5], "TaskType");
        Assert.AreEqual(2u, replies[3].Dword(0x14), "TerminationCount");
        Assert.AreEqual(resetsBefore + 1, bench.Disk.ResetCount);
    }

    [TestMethod]
    public void Bus_reset_through_the_handshake_answers_through_the_reply_fifo()
    {
        using var bench = new LsiSasBench(latency: 0, secondDisk: true);
        var host = bench.Host;
        host.InitializeToOperational();
        int first = bench.Disk.ResetCount;
        int second = bench.SecondDisk!.ResetCount;

        var request = new byte[0x34];
        request[3] = 0x01;
        request[5] = 4;
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), 0x77);
        var dwords = Enumerable.Range(0, 13).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(i * 4))).ToArray();
        host.Write(0x30, 0);
        host.Write(0x00, 0x420D_0000);
        host.Write(0x30, 0);
        foreach (uint dword in dwords)
        {
            host.Write(0x00, dword);
        }

        Assert.AreEqual(0x1u, host.InterruptStatus & 0x1, "DI: the message was consumed");
        Assert.AreEqual(0u, host.Doorbell & MpiTestHost.DoorbellActive, "the handshake is over");
        var reply = host.Decode(host.PollReply());
        Assert.AreEqual(0x77u, reply.Context);
        Assert.AreEqual((byte)4, reply.Frame![5]);
        Assert.AreEqual(0u, reply.Dword(0x14), "nothing outstanding with synchronous completion");
        Assert.AreEqual(first + 1, bench.Disk.ResetCount);
        Assert.AreEqual(second + 1, bench.SecondDisk.ResetCount);
    }

    [TestMethod]
    public void Abort_task_and_query_task_find_one_request_by_context()
    {
        using var bench = new LsiSasBench(latency: 6);
        var host = bench.Host;
        host.InitializeToOperational();
        host.Post(host.BuildScsiIo(0, 0, LsiSasBench.TestUnitReady, 0, 0, 0x20));
        host.Post(host.BuildScsiIo(1, 0, LsiSasBench.TestUnitReady, 0, 0, 0x21));
        host.Post(BuildTaskManagement(host, 2, target: 0, taskType: 7, context: 0x90, taskContext: 0x21));
        host.Post(BuildTaskManagement(host, 3, target: 0, taskType: 1, context: 0x91, taskContext: 0x21));
        host.Post(BuildTaskManagement(host, 4, target: 0, taskType: 8, context: 0x92));

        var replies = Enumerable.Range(0, 5).Select(_ => host.Decode(host.PollReply())).ToArray();
        Assert.IsTrue(replies[0].IsTurbo);
        Assert.AreEqual(0x20u, replies[0].Context);
        Assert.AreEqual((ushort)0x0048, replies[1].IocStatus);
        Assert.AreEqual(0x21u, replies[1].Context);
        Assert.AreEqual((byte)8, replies[2].Frame![4], "QUERY_TASK: present, succeeded");
        Assert.AreEqual(1u, replies[3].Dword(0x14), "ABORT_TASK terminated one");
        Assert.AreEqual((byte)4, replies[4].Frame![4], "CLR_ACA not supported");
    }

    [TestMethod]
    public void Task_management_for_an_absent_target_is_device_not_there()
    {
        using var bench = new LsiSasBench(latency: 0);
        var host = bench.Host;
        host.InitializeToOperational();
        var reply = host.Run(BuildTaskManagement(host, 0, target: 6, taskType: 3, context: 0x5));
        Assert.AreEqual((ushort)0x0043, reply.IocStatus);
    }

    private static ulong BuildTaskManagement(MpiTestHost host, int index, byte target, byte taskType, uint context, uint taskContext = 0)
    {
        ulong address = host.RequestFrame(index);
        var frame = new byte[0x34].AsSpan();
        frame[0] = target;
        frame[3] = 0x01;
        frame[5] = taskType;
        BinaryPrimitives.WriteUInt32LittleEndian(frame[8..], context);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[0x30..], taskContext);
        host.WriteMemory(address, frame);
        return address;
    }
}
