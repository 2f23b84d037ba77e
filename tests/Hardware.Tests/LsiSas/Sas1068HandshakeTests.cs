using System.Buffers.Binary;
using DumpFramework.Hardware.Tests.LsiSas.TestSupport;

namespace DumpFramework.Hardware.Tests.LsiSas;

[TestClass]
public sealed class Sas1068HandshakeTests
{
    [TestMethod]
    public void Identity_and_register_windows_follow_the_SAS1068()
    {
        using var bench = new LsiSasBench();
        var controller = bench.Controller;
        Assert.AreEqual("LSI SAS1068", controller.Model);
        Assert.AreEqual((ushort)0x1000, controller.Pci.VendorId);
        Assert.AreEqual((ushort)0x0054, controller.Pci.DeviceId);
        Assert.AreEqual((ushort)0x1000, controller.Pci.SubsystemVendorId);
        Assert.AreEqual((ushort)0x8000, controller.Pci.SubsystemId);
        Assert.AreEqual(0x010000u, controller.Pci.ClassCode);
        Assert.HasCount(2, controller.RegisterSpaces);
        Assert.IsFalse(controller.RegisterSpaces[0].IsMemoryMapped);
        Assert.AreEqual(0x100, controller.RegisterSpaces[0].Length);
        Assert.IsTrue(controller.RegisterSpaces[1].IsMemoryMapped);
        Assert.AreEqual(0x4000, controller.RegisterSpaces[1].Length);

        // Both BARs decode the same registers: a mask written through I/O reads back through memory.
        controller.RegisterSpaces[0].Write32(0x34, 0x1);
        Assert.AreEqual(0x1u, controller.RegisterSpaces[1].Read32(0x34));
        Assert.AreEqual(0x1000_0000u, controller.RegisterSpaces[0].Read32(0x00));
        Assert.AreEqual(0x1000_0000u, controller.RegisterSpaces[1].Read32(0x00));

        // Only 32-bit accesses are decoded.
        Assert.AreEqual((ushort)0xFFFF, controller.RegisterSpaces[1].Read16(0x00));
        Assert.AreEqual((byte)0xFF, controller.RegisterSpaces[1].Read8(0x00));
        Assert.AreEqual(0xFFFF_FFFFu, controller.RegisterSpaces[0].Read32(0x100));
        Assert.IsNull(controller.Fault);
    }

    [TestMethod]
    public void IocFacts_handshake_word_by_word_with_interrupt_status_bits()
    {
        using var bench = new LsiSasBench(latency: 1);
        var regs = bench.Host.Registers;

        Assert.AreEqual(0x1000_0000u, regs.Read32(0x00), "READY, WhoInit 0, idle");

        // 1-2: clear DI, ring the doorbell with HANDSHAKE and 3 dwords.
        regs.Write32(0x30, 0);
        regs.Write32(0x00, 0x4203_0000);

        // 3: DI is up, and the doorbell write has not been consumed yet (bit 31) for one poll.
        Assert.AreEqual(0x8000_0001u, regs.Read32(0x30));
        Assert.AreEqual(0x1800_0000u, regs.Read32(0x00), "READY | ACTIVE");

        // 4: clearing DI; the acknowledge bit drops on the next poll.
        regs.Write32(0x30, 0);
        Assert.AreEqual(0x0000_0000u, regs.Read32(0x30));

        // 5: each request dword is acknowledged through bit 31.
        uint[] request = [0x0300_0000, 0, 0x1234_5678];
        for (int i = 0; i < request.Length; i++)
        {
            regs.Write32(0x00, request[i]);
            bool last = i == request.Length - 1;
            Assert.AreEqual(0x8000_0000u | (last ? 1u : 0u), regs.Read32(0x30), $"dword {i} pending");
            Assert.AreEqual(last ? 1u : 0u, regs.Read32(0x30), $"dword {i} consumed");
        }

        // 6: 40 reply words, each behind DI, DI left up by the HIS write while the reply is being read.
        var reply = new byte[80];
        for (int word = 0; word < 40; word++)
        {
            Assert.AreEqual(0x1u, regs.Read32(0x30) & 0x1, $"DI before word {word}");
            uint doorbell = regs.Read32(0x00);
            Assert.AreEqual(0x1800_0000u, doorbell & 0xFFFF_0000, $"state bits with word {word}");
            BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(word * 2), (ushort)doorbell);
            regs.Write32(0x30, 0);
        }

        // 7: DI once more, then the final HIS write ends the handshake.
        Assert.AreEqual(0x1u, regs.Read32(0x30));
        regs.Write32(0x30, 0);
        Assert.AreEqual(0x0u, regs.Read32(0x30));
        Assert.AreEqual(0x1000_0000u, regs.Read32(0x00), "idle again");

        Assert.AreEqual((ushort)0x0105, BinaryPrimitives.ReadUInt16LittleEndian(reply), "MsgVersion");
        Assert.AreEqual((byte)20, reply[2], "MsgLength");
        Assert.AreEqual((byte)0x03, reply[3], "Function");
        Assert.AreEqual(0x1234_5678u, BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(8)), "MsgContext");
        Assert.AreEqual((ushort)0, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x0E)), "IOCStatus");
        Assert.AreEqual((byte)0x22, reply[0x14], "MaxChainDepth");
        Assert.AreEqual((byte)0, reply[0x15], "WhoInit");
        Assert.AreEqual((byte)13, reply[0x16], "BlockSize");
        Assert.AreEqual((ushort)128, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x18)), "ReplyQueueDepth");
        Assert.AreEqual((ushort)128, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x1A)), "RequestFrameSize");
        Assert.AreEqual((ushort)0x2102, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x1E)), "ProductID");
        Assert.AreEqual((ushort)128, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x24)), "GlobalCredits");
        Assert.AreEqual((byte)8, reply[0x26], "NumberOfPorts");
        Assert.AreEqual((byte)8, reply[0x2E], "MaxDevices");
        Assert.AreEqual((byte)1, reply[0x2F], "MaxBuses");
        CollectionAssert.AreEqual(new byte[] { 0x00, 0x92, 0x32, 0x01 }, reply[0x38..0x3C], "FWVersion");
    }

    [TestMethod]
    public void Handshake_without_latency_never_shows_the_acknowledge_bit()
    {
        using var bench = new LsiSasBench(latency: 0);
        var regs = bench.Host.Registers;
        regs.Write32(0x00, 0x4203_0000);
        Assert.AreEqual(0x1u, regs.Read32(0x30));
        regs.Write32(0x00, 0x0300_0000);
        Assert.AreEqual(0x0u, regs.Read32(0x30) & 0x8000_0000);
    }

    [TestMethod]
    public void IocInit_makes_the_IOC_operational_and_IocFacts_reflects_it()
    {
        using var bench = new LsiSasBench();
        var host = bench.Host;
        host.Handshake(MpiTestHost.IocFactsRequest(1));
        var portFacts = host.Handshake(MpiTestHost.PortFactsRequest(0, 2));
        Assert.AreEqual((byte)10, portFacts[2]);
        Assert.AreEqual((byte)0x30, portFacts[0x15], "PortType SAS");
        Assert.AreEqual((ushort)0x09, BinaryPrimitives.ReadUInt16LittleEndian(portFacts.AsSpan(0x1A)), "ProtocolFlags");

        var init = host.Handshake(host.IocInitRequest(0xABCD, replyFrameSize: 64, maxDevices: 16));
        Assert.AreEqual((byte)5, init[2]);
        Assert.AreEqual((byte)0x02, init[3]);
        Assert.AreEqual(0xABCDu, BinaryPrimitives.ReadUInt32LittleEndian(init.AsSpan(8)));
        Assert.AreEqual((ushort)0, BinaryPrimitives.ReadUInt16LittleEndian(init.AsSpan(0x0E)));
        Assert.AreEqual(0x2400_0000u, host.Doorbell, "OPERATIONAL, WhoInit 4");

        var facts = host.Handshake(MpiTestHost.IocFactsRequest(5));
        Assert.AreEqual((byte)4, facts[0x15], "WhoInit");
        Assert.AreEqual(host.HighAddress, BinaryPrimitives.ReadUInt32LittleEndian(facts.AsSpan(0x20)), "CurrentHostMfaHighAddr");
        Assert.AreEqual(host.HighAddress, BinaryPrimitives.ReadUInt32LittleEndian(facts.AsSpan(0x28)), "CurrentSenseBufferHighAddr");
        Assert.AreEqual((ushort)64, BinaryPrimitives.ReadUInt16LittleEndian(facts.AsSpan(0x2C)), "CurReplyFrameSize");
        Assert.AreEqual((byte)16, facts[0x2E], "MaxDevices");

        // A second IOC_INIT is refused: the IOC is no longer READY.
        var again = host.Handshake(host.IocInitRequest(6));
        Assert.AreEqual((ushort)0x0008, BinaryPrimitives.ReadUInt16LittleEndian(again.AsSpan(0x0E)));
    }

    [TestMethod]
    public void PortEnable_in_ready_state_is_refused()
    {
        using var bench = new LsiSasBench();
        var reply = bench.Host.Handshake(MpiTestHost.PortEnableRequest(0, 9));
        Assert.AreEqual((ushort)0x0008, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x0E)));
        Assert.AreEqual(1u, MpiTestHost.State(bench.Host.Doorbell));
    }

    [TestMethod]
    public void IocInit_with_a_bad_reply_frame_size_is_an_invalid_field()
    {
        using var bench = new LsiSasBench();
        var reply = bench.Host.Handshake(bench.Host.IocInitRequest(1, replyFrameSize: 18));
        Assert.AreEqual((ushort)0x0007, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x0E)));
        Assert.AreEqual(1u, MpiTestHost.State(bench.Host.Doorbell), "still READY");
    }

    [TestMethod]
    public void EventNotification_and_Config_are_answered()
    {
        using var bench = new LsiSasBench();
        var events = bench.Host.Handshake([0x0700_0001u, 0, 0x77]);
        Assert.AreEqual((byte)8, events[2]);
        Assert.AreEqual((byte)0x80, events[7], "continuation reply");
        Assert.AreEqual(0x0Au, BinaryPrimitives.ReadUInt32LittleEndian(events.AsSpan(0x14)), "EVENT_CHANGE");
        Assert.AreEqual(1u, BinaryPrimitives.ReadUInt32LittleEndian(events.AsSpan(0x1C)), "switch");

        var config = bench.Host.Handshake([0x0400_0000u, 0, 0x78, 0, 0, 0x0107_0000, 0, 0, 0, 0]);
        Assert.AreEqual((byte)6, config[2]);
        Assert.AreEqual((ushort)0x0022, BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(0x0E)), "IOC page 7: CONFIG_INVALID_PAGE");
    }

    [TestMethod]
    public void Short_handshake_message_gets_an_invalid_field_reply()
    {
        using var bench = new LsiSasBench();
        var reply = bench.Host.Handshake([0x0200_0004u, 0, 0x55]);
        Assert.AreEqual((byte)0x02, reply[3]);
        Assert.AreEqual((ushort)0x0007, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(0x0E)));
    }

    [TestMethod]
    public void Unknown_function_through_the_doorbell_faults_the_IOC()
    {
        using var bench = new LsiSasBench(latency: 0);
        var regs = bench.Host.Registers;
        regs.Write32(0x00, 0x4203_0000);
        regs.Write32(0x30, 0);
        regs.Write32(0x00, 0x3300_0000);
        regs.Write32(0x00, 0);
        regs.Write32(0x00, 1);
        Assert.AreEqual(0x4000_0001u, regs.Read32(0x00), "FAULT, INVALID_FUNCTION, not ACTIVE");
        Assert.IsNotNull(bench.Controller.Fault);
        StringAssert.StartsWith(bench.Controller.Fault, "MPI FAULT 0x0001: invalid function 0x33");

        // A faulted IOC ignores handshakes.
        regs.Write32(0x00, 0x4203_0000);
        Assert.AreEqual(0u, regs.Read32(0x30) & 1);
    }

    [TestMethod]
    public void Interrupt_line_follows_status_and_mask()
    {
        using var bench = new LsiSasBench(latency: 0);
        var regs = bench.Host.Registers;
        Assert.AreEqual(0x9u, regs.Read32(0x34), "both masked after reset");
        regs.Write32(0x00, 0x4203_0000);
        Assert.IsFalse(bench.Controller.InterruptAsserted, "DI masked");
        regs.Write32(0x34, 0x8);
        Assert.IsTrue(bench.Controller.InterruptAsserted, "DI unmasked");
        regs.Write32(0x30, 0);
        Assert.IsFalse(bench.Controller.InterruptAsserted);
    }
}
