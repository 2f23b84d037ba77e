using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.BusLogic;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.BusLogic;

/// <summary>
/// A BT-958 over a real address space (writable synthetic memory plus DMA pages) with real SCSI disks, and the
/// driver side written out by hand in Linux BusLogic's way: byte I/O to the four ports, host adapter commands with
/// the CPRBSY / DIRRDY / CMDC handshake, extended mailboxes and CCBs in a DMA page.
/// </summary>
internal sealed class BusLogicBench : IDisposable
{
    public const int Page = 4096;

    /// <summary>Guest RAM that data buffers use (inside SyntheticMemory's main run from 1 MiB).</summary>
    public const ulong DataBase = 0x40_0000;

    /// <summary>Bytes each test CCB slot takes in the CCB page (40-byte CCB, SG list, sense).</summary>
    public const int CcbSlot = 256;

    private readonly List<ScsiDisk> _disks = [];

    public BusLogicBench(Bt958Options? options = null, int[]? targetIds = null, long diskSize = 64L << 20)
    {
        Space = new PhysicalAddressSpace(new SyntheticMemory(64L << 20, 7, writable: true));
        var targets = new Dictionary<int, IScsiTarget>();
        foreach (int id in targetIds ?? [0])
        {
            var disk = new ScsiDisk(diskSize);
            _disks.Add(disk);
            targets[id] = disk.Target;
        }

        Controller = new Bt958Controller(Space, targets, options ?? new Bt958Options { CrashState = ControllerCrashState.PowerOn });
        Io = Controller.RegisterSpaces[0];
        Mailboxes = Space.AllocateBuffer(Page, Page, below4GiB: true);
        Ccbs = Space.AllocateBuffer(4 * Page, Page, below4GiB: true);
    }

    public PhysicalAddressSpace Space { get; }

    public Bt958Controller Controller { get; }

    public IRegisterSpace Io { get; }

    public ScsiDisk Disk => _disks[0];

    public DmaBuffer Mailboxes { get; }

    public DmaBuffer Ccbs { get; }

    public int MailboxCount { get; private set; }

    public int NextOutgoing { get; set; }

    public int NextIncoming { get; set; }

    public byte Status => Io.Read8(0);

    public byte Interrupt => Io.Read8(2);

    public byte Geometry => Io.Read8(3);

    public void Control(byte value) => Io.Write8(0, value);

    public void AcknowledgeInterrupt() => Control(0x20);

    /// <summary>blogic_hwreset: hard (or soft) reset, wait for DACT, wait for it to clear, then for DFAIL, HARDY or
    /// DIRRDY. Returns the status read last.</summary>
    public byte HardwareReset(bool hard = true)
    {
        Control(hard ? (byte)0x80 : (byte)0x40);
        byte status = 0;
        for (int i = 0; i < 100 && (status & 0x80) == 0; i++)
        {
            status = Status;
        }

        Assert.AreNotEqual(0, status & 0x80, "diagnostic active never seen");
        for (int i = 0; i < 100 && (status & 0x80) != 0; i++)
        {
            status = Status;
        }

        Assert.AreEqual(0, status & 0x80, "diagnostics never ended");
        return status;
    }

    /// <summary>blogic_cmd: waits for HARDY and not CPRBSY, writes the opcode and the parameters while neither CMDC
    /// nor DIRRDY is up, collects reply bytes until CMDC, acknowledges the interrupt and reports CMDINV. Returns the
    /// reply (bytes beyond <paramref name="replyLength"/> are read and dropped), or null for an invalid command;
    /// <paramref name="parametersLeft"/> counts parameters the adapter never took.</summary>
    public byte[]? Command(byte opcode, byte[] parameters, int replyLength, out int parametersLeft, bool expectCommandComplete = true)
    {
        Assert.AreEqual(0x10, Status & 0x18, $"not ready for command 0x{opcode:X2}");
        Io.Write8(1, opcode);
        int next = 0;
        while (next < parameters.Length)
        {
            if ((Interrupt & 0x04) != 0 || (Status & 0x04) != 0)
            {
                break;
            }

            Io.Write8(1, parameters[next++]);
        }

        parametersLeft = parameters.Length - next;
        var reply = new List<byte>();
        int received = 0;
        for (int poll = 0; poll < 10_000; poll++)
        {
            byte interrupt = Interrupt;
            byte status = Status;
            if ((interrupt & 0x04) != 0)
            {
                break;
            }

            if ((status & 0x04) != 0)
            {
                byte value = Io.Read8(1);
                if (++received <= replyLength)
                {
                    reply.Add(value);
                }

                continue;
            }

            if (!expectCommandComplete && (status & 0x10) != 0)
            {
                break;
            }
        }

        bool invalid = (Status & 0x01) != 0;
        AcknowledgeInterrupt();
        return invalid || parametersLeft > 0 ? null : [.. reply];
    }

    public byte[]? Command(byte opcode, byte[] parameters, int replyLength = 0) => Command(opcode, parameters, replyLength, out _);

    /// <summary>Initialize extended mailbox with <paramref name="count"/> mailboxes at the start of the mailbox page.</summary>
    public void InitializeExtendedMailboxes(int count, bool strictRoundRobin = true)
    {
        Mailboxes.Span.Clear();
        var request = new byte[5];
        request[0] = (byte)count;
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(1), (uint)Mailboxes.PhysicalAddress);
        Assert.IsNotNull(Command(0x81, request), Controller.LastError);
        if (strictRoundRobin)
        {
            Assert.IsNotNull(Command(0x8F, [1]));
        }

        MailboxCount = count;
        NextOutgoing = 0;
        NextIncoming = 0;
    }

    public ulong CcbAddress(int slot) => Ccbs.PhysicalAddress + (ulong)(slot * CcbSlot);

    public Span<byte> CcbBytes(int slot) => Ccbs.Span.Slice(slot * CcbSlot, CcbSlot);

    /// <summary>Writes a 32-bit CCB into <paramref name="slot"/>: direct data unless <paramref name="segments"/>
    /// are given (then an SG list in the slot at +64), sense buffer at +192.</summary>
    public ulong WriteCcb(int slot, byte target, byte[] cdb, int direction, uint length, ulong data = DataBase, (uint Address, uint Length)[]? segments = null, bool residual = false, byte opcode = 0xFF, byte senseLength = 32)
    {
        var ccb = CcbBytes(slot);
        ccb.Clear();
        ccb[0] = opcode != 0xFF ? opcode : segments is null ? (residual ? (byte)0x03 : (byte)0x00) : (residual ? (byte)0x04 : (byte)0x02);
        ccb[1] = (byte)(direction << 3);
        ccb[2] = (byte)cdb.Length;
        ccb[3] = senseLength;
        if (segments is null)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(ccb[4..], length);
            BinaryPrimitives.WriteUInt32LittleEndian(ccb[8..], (uint)data);
        }
        else
        {
            for (int i = 0; i < segments.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(ccb[(64 + (8 * i))..], segments[i].Length);
                BinaryPrimitives.WriteUInt32LittleEndian(ccb[(68 + (8 * i))..], segments[i].Address);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(ccb[4..], (uint)(segments.Length * 8));
            BinaryPrimitives.WriteUInt32LittleEndian(ccb[8..], (uint)(CcbAddress(slot) + 64));
        }

        ccb[0x10] = target;
        cdb.CopyTo(ccb[0x12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(ccb[0x24..], (uint)(CcbAddress(slot) + 192));
        return CcbAddress(slot);
    }

    /// <summary>Loads the next outgoing mailbox (CCB address first, then the action code) and, unless told not to,
    /// writes the execute mailbox command.</summary>
    public void Start(ulong ccb, byte action = 1, bool execute = true)
    {
        var mailbox = Mailboxes.Span.Slice(NextOutgoing * 8, 8);
        Assert.AreEqual(0, mailbox[7], $"outgoing mailbox {NextOutgoing} is still loaded");
        BinaryPrimitives.WriteUInt32LittleEndian(mailbox, (uint)ccb);
        mailbox[7] = action;
        NextOutgoing = (NextOutgoing + 1) % MailboxCount;
        if (execute)
        {
            Io.Write8(1, 0x02);
        }
    }

    public Span<byte> Incoming(int index) => Mailboxes.Span.Slice((MailboxCount + index) * 8, 8);

    /// <summary>blogic_scan_inbox: consumes loaded incoming mailboxes in ring order.</summary>
    public List<(uint Ccb, byte HostStatus, byte TargetStatus, byte Completion)> ScanIncoming()
    {
        var completions = new List<(uint, byte, byte, byte)>();
        while (Incoming(NextIncoming)[7] != 0)
        {
            var mailbox = Incoming(NextIncoming);
            completions.Add((BinaryPrimitives.ReadUInt32LittleEndian(mailbox), mailbox[4], mailbox[5], mailbox[7]));
            mailbox[7] = 0;
            NextIncoming = (NextIncoming + 1) % MailboxCount;
        }

        return completions;
    }

    /// <summary>Polls the interrupt register until IMBL, acknowledges and scans the incoming mailboxes.</summary>
    public List<(uint Ccb, byte HostStatus, byte TargetStatus, byte Completion)> PollCompletions(int polls = 1000)
    {
        for (int poll = 0; poll < polls; poll++)
        {
            byte interrupt = Interrupt;
            if ((interrupt & 0x81) == 0x81)
            {
                AcknowledgeInterrupt();
                return ScanIncoming();
            }
        }

        return [];
    }

    public void WriteGuest(ulong address, ReadOnlySpan<byte> data) => Assert.IsTrue(Space.TryWrite(address, data));

    public byte[] ReadGuest(ulong address, int length)
    {
        var data = new byte[length];
        Assert.IsTrue(Space.TryRead(address, data));
        return data;
    }

    public byte[] ReadImage(long offset, int length)
    {
        var data = new byte[length];
        Disk.Device.Read(offset, data);
        return data;
    }

    public static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public void Dispose()
    {
        foreach (var disk in _disks)
        {
            disk.Dispose();
        }

        Space.Dispose();
    }
}
