using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.LsiSas;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>
/// Test harness only: the host side of MPI as a conformance test drives it. Implements the Linux-style handshake
/// (§2.5) with bounded waits that fail the test, lays out request, reply, chain and sense frames in one host
/// buffer, and builds SCSI IO frames and SGEs byte by byte, writing them through the physical address space.
/// </summary>
internal sealed class MpiTestHost
{
    public const int RequestFrameSize = 128;
    public const int RequestFrameCount = 8;
    public const int ReplyFrameSize = 64;
    public const int MaxReplyFrames = 32;
    public const int SenseBufferSize = 64;
    public const int ChainFrameCount = 16;
    public const uint DoorbellActive = 0x0800_0000;
    public const uint DoorbellInterrupt = 0x1;
    public const uint ReplyInterrupt = 0x8;
    public const uint IopDoorbellStatus = 0x8000_0000;
    public const uint Empty = 0xFFFF_FFFF;

    private const int RequestArea = 0;
    private const int ReplyArea = RequestArea + (RequestFrameSize * RequestFrameCount);
    private const int SenseArea = ReplyArea + (ReplyFrameSize * MaxReplyFrames);
    private const int ChainArea = SenseArea + (SenseBufferSize * RequestFrameCount);
    public const int HostAreaSize = ChainArea + (RequestFrameSize * ChainFrameCount);

    public MpiTestHost(Sas1068Controller controller, IPhysicalMemory memory, HostBuffer hostArea)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hostArea.Length, HostAreaSize);
        Controller = controller;
        Memory = memory;
        Registers = controller.RegisterSpaces[1];
        HostArea = hostArea;
    }

    public Sas1068Controller Controller { get; }

    public IPhysicalMemory Memory { get; }

    public IRegisterSpace Registers { get; }

    public HostBuffer HostArea { get; }

    public uint HighAddress => (uint)(HostArea.PhysicalAddress >> 32);

    public uint Doorbell => Registers.Read32(0x00);

    public uint InterruptStatus => Registers.Read32(0x30);

    public static uint State(uint doorbell) => doorbell >> 28;

    public void Write(int offset, uint value) => Registers.Write32(offset, value);

    public ulong RequestFrame(int index) => HostArea.PhysicalAddress + (ulong)(RequestArea + (index * RequestFrameSize));

    public ulong ReplyFrame(int index) => HostArea.PhysicalAddress + (ulong)(ReplyArea + (index * ReplyFrameSize));

    public ulong SenseBuffer(int index) => HostArea.PhysicalAddress + (ulong)(SenseArea + (index * SenseBufferSize));

    public ulong ChainFrame(int index) => HostArea.PhysicalAddress + (ulong)(ChainArea + (index * RequestFrameSize));

    /// <summary>Reads host memory the way the controller sees it.</summary>
    public byte[] ReadMemory(ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.IsTrue(Memory.TryRead(address, bytes), $"host memory at 0x{address:X} must be readable");
        return bytes;
    }

    /// <summary>Writes host memory (what the driver does through its virtual mapping).</summary>
    public void WriteMemory(ulong address, ReadOnlySpan<byte> bytes) =>
        Assert.IsTrue(Memory.TryWrite(address, bytes), $"host memory at 0x{address:X} must be writable");

    public void FillMemory(ulong address, int length, byte value)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        WriteMemory(address, bytes);
    }

    /// <summary>Waits (bounded) for a condition on registers, failing the test on timeout.</summary>
    public static void WaitFor(Func<bool> condition, string what, int maxPolls = 64)
    {
        for (int poll = 0; poll < maxPolls; poll++)
        {
            if (condition())
            {
                return;
            }
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }

    /// <summary>Runs one doorbell handshake exactly as §2.5 and returns the reply bytes (MsgLength × 4).</summary>
    public byte[] Handshake(ReadOnlySpan<uint> request)
    {
        Assert.AreEqual(0u, Doorbell & DoorbellActive, "The doorbell must be idle before a handshake.");
        Write(0x30, 0);
        Write(0x00, (0x42u << 24) | ((uint)request.Length << 16));
        WaitFor(() => (InterruptStatus & DoorbellInterrupt) != 0, "the handshake doorbell interrupt");
        Assert.AreNotEqual(0u, Doorbell & DoorbellActive, "Doorbell ACTIVE during the handshake.");
        Write(0x30, 0);
        WaitFor(() => (InterruptStatus & IopDoorbellStatus) == 0, "the doorbell acknowledge");
        foreach (uint dword in request)
        {
            Write(0x00, dword);
            WaitFor(() => (InterruptStatus & IopDoorbellStatus) == 0, "the request dword acknowledge");
        }

        var words = new List<ushort>();
        int total = 2;
        while (words.Count < total)
        {
            WaitFor(() => (InterruptStatus & DoorbellInterrupt) != 0, "a reply word");
            words.Add((ushort)(Doorbell & 0xFFFF));
            Write(0x30, 0);
            if (words.Count == 2)
            {
                total = (words[1] & 0xFF) * 2;
            }
        }

        WaitFor(() => (InterruptStatus & DoorbellInterrupt) != 0, "the end of the handshake");
        Write(0x30, 0);
        Assert.AreEqual(0u, Doorbell & DoorbellActive, "Doorbell ACTIVE must drop after the handshake.");
        var bytes = new byte[words.Count * 2];
        for (int i = 0; i < words.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), words[i]);
        }

        return bytes;
    }

    public static uint[] IocFactsRequest(uint context) => [0x03u << 24, 0, context];

    public static uint[] PortFactsRequest(byte port, uint context) => [0x05u << 24, (uint)port << 16, context];

    public static uint[] PortEnableRequest(byte port, uint context) => [0x06u << 24, (uint)port << 16, context];

    public uint[] IocInitRequest(uint context, ushort replyFrameSize = ReplyFrameSize, byte maxDevices = 0) =>
    [
        0x04u | (0x02u << 24),
        ((uint)maxDevices << 8) | (1u << 16),
        context,
        replyFrameSize,
        HighAddress,
        HighAddress,
        0,
        0,
        0,
        0,
        0x0105,
    ];

    /// <summary>IOC_FACTS, PORT_FACTS, prime the reply free FIFO, IOC_INIT, PORT_ENABLE.</summary>
    public void InitializeToOperational(int replyFrames = 8, byte maxDevices = 0)
    {
        Handshake(IocFactsRequest(1));
        Handshake(PortFactsRequest(0, 2));
        PostReplyFrames(replyFrames);
        var init = Handshake(IocInitRequest(3, maxDevices: maxDevices));
        Assert.AreEqual(0, BinaryPrimitives.ReadUInt16LittleEndian(init.AsSpan(0x0E)), "IOC_INIT IOCStatus");
        WaitFor(() => State(Doorbell) == 2, "OPERATIONAL");
        var enable = Handshake(PortEnableRequest(0, 4));
        Assert.AreEqual(0, BinaryPrimitives.ReadUInt16LittleEndian(enable.AsSpan(0x0E)), "PORT_ENABLE IOCStatus");
    }

    public void PostReplyFrames(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Write(0x44, (uint)ReplyFrame(i));
        }
    }

    /// <summary>Writes a SCSI IO request header (48 bytes) into request frame <paramref name="index"/>; the SGL follows at +0x30.</summary>
    public ulong BuildScsiIo(int index, byte target, ReadOnlySpan<byte> cdb, uint direction, uint dataLength, uint context,
        byte lun = 0, byte bus = 0, byte chainOffset = 0, byte senseLength = 32, byte msgFlags = 0x01, uint? senseLow = null, int cdbLength = -1)
    {
        ulong address = RequestFrame(index);
        var frame = new byte[RequestFrameSize].AsSpan();
        frame[0] = target;
        frame[1] = bus;
        frame[2] = chainOffset;
        frame[3] = 0x00;
        frame[4] = (byte)(cdbLength >= 0 ? cdbLength : cdb.Length);
        frame[5] = senseLength;
        frame[7] = msgFlags;
        BinaryPrimitives.WriteUInt32LittleEndian(frame[8..], context);
        frame[0x0D] = lun;
        BinaryPrimitives.WriteUInt32LittleEndian(frame[0x14..], direction << 24);
        cdb.CopyTo(frame[0x18..]);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[0x28..], dataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[0x2C..], senseLow ?? (uint)SenseBuffer(index));
        if (dataLength == 0)
        {
            // The no-data SGL: one zero-length LAST | EOB | EOL element, as MPI hosts send it.
            WriteSimple(frame[0x30..], address64: true, 0xC100_0000, 0, 0);
        }

        WriteMemory(address, frame);
        return address;
    }

    public static int WriteSimple(Span<byte> at, bool address64, uint flags, uint length, ulong address)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(at, flags | 0x1000_0000 | (address64 ? 0x0200_0000u : 0) | length);
        if (address64)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(at[4..], address);
            return 12;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], (uint)address);
        return 8;
    }

    public static int WriteChain(Span<byte> at, bool address64, byte nextChainOffset, ushort length, ulong address)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(at, 0x3000_0000u | (address64 ? 0x0200_0000u : 0) | ((uint)nextChainOffset << 16) | length);
        if (address64)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(at[4..], address);
            return 12;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], (uint)address);
        return 8;
    }

    /// <summary>Writes a single-element SGL (LAST | EOB | EOL) for one contiguous buffer at frame + 0x30.</summary>
    public void WriteSingleSge(ulong frame, bool write, uint length, ulong address, bool address64 = true)
    {
        uint flags = 0xC100_0000u | (write ? 0x0400_0000u : 0);
        var sge = new byte[12];
        int size = WriteSimple(sge, address64, flags, length, address);
        WriteMemory(frame + 0x30, sge.AsSpan(0, size));
    }

    public void Post(ulong frame) => Write(0x40, (uint)frame);

    /// <summary>Reads the reply post FIFO until a descriptor arrives.</summary>
    public uint PollReply(int maxPolls = 64)
    {
        for (int poll = 0; poll < maxPolls; poll++)
        {
            uint descriptor = Registers.Read32(0x44);
            if (descriptor != Empty)
            {
                return descriptor;
            }
        }

        Assert.Fail("No reply descriptor arrived.");
        return Empty;
    }

    /// <summary>Decodes a descriptor; an address reply's frame is copied and (optionally) returned to the free FIFO.</summary>
    public MpiReply Decode(uint descriptor, bool returnFrame = true)
    {
        if ((descriptor & 0x8000_0000) == 0)
        {
            return new MpiReply(descriptor, null, 0);
        }

        ulong frame = ((ulong)HighAddress << 32) | ((descriptor & 0x7FFF_FFFF) << 1);
        var bytes = ReadMemory(frame, ReplyFrameSize);
        if (returnFrame)
        {
            Write(0x44, (uint)frame);
        }

        return new MpiReply(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), bytes, frame);
    }

    /// <summary>Posts a request frame and waits for its reply.</summary>
    public MpiReply Run(ulong frame, bool returnFrame = true)
    {
        Post(frame);
        return Decode(PollReply(), returnFrame);
    }
}
