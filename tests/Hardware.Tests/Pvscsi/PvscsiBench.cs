using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Pvscsi;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.Pvscsi;

/// <summary>
/// A PVSCSI adapter over a real address space (writable synthetic memory plus DMA pages) with a real SCSI disk at
/// target 0, and the driver side written out by hand: rings in separately allocated pages (listed in reverse
/// order, so the device must follow the PPNs), commands through COMMAND / COMMAND_DATA, requests posted at
/// reqProdIdx and completions consumed at cmpConsIdx.
/// </summary>
internal sealed class PvscsiBench : IDisposable
{
    public const int Page = 4096;

    /// <summary>Guest RAM that data buffers use (inside SyntheticMemory's main run from 1 MiB).</summary>
    public const ulong DataBase = 0x40_0000;

    private readonly List<ScsiDisk> _disks = [];
    private readonly DmaBuffer[] _requestPages;
    private readonly DmaBuffer[] _completionPages;

    public PvscsiBench(PvscsiOptions? options = null, int requestPages = 1, int completionPages = 1, int[]? targetIds = null, long diskSize = 64L << 20, bool setup = true)
    {
        Space = new PhysicalAddressSpace(new SyntheticMemory(64L << 20, 7, writable: true));
        var targets = new Dictionary<int, IScsiTarget>();
        foreach (int id in targetIds ?? [0])
        {
            var disk = new ScsiDisk(diskSize);
            _disks.Add(disk);
            targets[id] = disk.Target;
        }

        Disk = _disks[0];
        // Latency 0 unless a test asks: QEMU completes inside the kick.
        Controller = new PvscsiController(Space, targets, options ?? new PvscsiOptions { CompletionLatency = 0 });
        Registers = Controller.RegisterSpaces[0];
        State = Space.AllocateBuffer(Page, Page, below4GiB: true);
        _requestPages = [.. Enumerable.Range(0, requestPages).Select(_ => Space.AllocateBuffer(Page, Page, below4GiB: true)).Reverse()];
        _completionPages = [.. Enumerable.Range(0, completionPages).Select(_ => Space.AllocateBuffer(Page, Page, below4GiB: true)).Reverse()];
        Sense = Space.AllocateBuffer(Page, Page, below4GiB: true);
        if (setup)
        {
            Assert.AreEqual(0u, Command(PvscsiSpec.AdapterReset));
            Assert.AreEqual(0u, SetupRings(), Controller.LastError);
        }
    }

    public PhysicalAddressSpace Space { get; }

    public PvscsiController Controller { get; }

    public IRegisterSpace Registers { get; }

    public ScsiDisk Disk { get; }

    public IReadOnlyList<ScsiDisk> Disks => _disks;

    public DmaBuffer State { get; }

    public DmaBuffer Sense { get; }

    public int RequestEntries => _requestPages.Length * PvscsiSpec.RequestsPerPage;

    public int CompletionEntries => _completionPages.Length * PvscsiSpec.CompletionsPerPage;

    public uint RequestProducer
    {
        get => StateField(0x00);
        set => BinaryPrimitives.WriteUInt32LittleEndian(State.Span, value);
    }

    public uint RequestConsumer => StateField(0x04);

    public uint RequestEntriesLog2 => StateField(0x08);

    public uint CompletionProducer => StateField(0x0C);

    public uint CompletionConsumer
    {
        get => StateField(0x10);
        set => BinaryPrimitives.WriteUInt32LittleEndian(State.Span[0x10..], value);
    }

    public uint CompletionEntriesLog2 => StateField(0x14);

    /// <summary>COMMAND, then the descriptor dwords through COMMAND_DATA; returns COMMAND_STATUS.</summary>
    public uint Command(uint command, params uint[] data)
    {
        Registers.Write32(PvscsiSpec.Command, command);
        foreach (uint word in data)
        {
            Registers.Write32(PvscsiSpec.CommandData, word);
        }

        return Registers.Read32(PvscsiSpec.CommandStatus);
    }

    /// <summary>SETUP_RINGS with this bench's pages, or with the given overrides.</summary>
    public uint SetupRings(uint? requestPageCount = null, uint? completionPageCount = null, ulong? ringsStatePpn = null, ulong? firstRequestPpn = null)
    {
        var words = new uint[0x210 / 4];
        words[0] = requestPageCount ?? (uint)_requestPages.Length;
        words[1] = completionPageCount ?? (uint)_completionPages.Length;
        SetPpn(words, 0x008, ringsStatePpn ?? State.PhysicalAddress >> 12);
        for (int i = 0; i < _requestPages.Length; i++)
        {
            SetPpn(words, 0x010 + (i * 8), i == 0 && firstRequestPpn is { } ppn ? ppn : _requestPages[i].PhysicalAddress >> 12);
        }

        for (int i = 0; i < _completionPages.Length; i++)
        {
            SetPpn(words, 0x110 + (i * 8), _completionPages[i].PhysicalAddress >> 12);
        }

        return Command(PvscsiSpec.SetupRings, words);
    }

    /// <summary>Fills the descriptor at reqProdIdx and publishes it (no kick).</summary>
    public void Post(TestRequest request)
    {
        uint index = RequestProducer;
        int slot = (int)(index & (uint)(RequestEntries - 1));
        request.Encode(_requestPages[slot / PvscsiSpec.RequestsPerPage].Span.Slice((slot % PvscsiSpec.RequestsPerPage) * PvscsiSpec.RequestLength, PvscsiSpec.RequestLength));
        RequestProducer = index + 1;
    }

    public void Kick(bool readWrite = true) => Registers.Write32(readWrite ? PvscsiSpec.KickRwIo : PvscsiSpec.KickNonRwIo, 0);

    public void Submit(TestRequest request)
    {
        Post(request);
        Kick(request.IsReadWrite);
    }

    /// <summary>Reads INTR_STATUS and acknowledges what it read, as a polling driver does.</summary>
    public uint PollAndAcknowledge()
    {
        uint status = Registers.Read32(PvscsiSpec.InterruptStatus);
        if (status != 0)
        {
            Registers.Write32(PvscsiSpec.InterruptStatus, status);
        }

        return status;
    }

    /// <summary>Consumes every posted completion (up to <paramref name="limit"/>), advancing cmpConsIdx.</summary>
    public List<TestCompletion> Drain(int limit = int.MaxValue)
    {
        var completions = new List<TestCompletion>();
        while (CompletionConsumer != CompletionProducer && completions.Count < limit)
        {
            completions.Add(CompletionAt(CompletionConsumer));
            CompletionConsumer++;
        }

        return completions;
    }

    /// <summary>The completion entry at a free-running index, read from the ring pages.</summary>
    public TestCompletion CompletionAt(uint index)
    {
        int slot = (int)(index & (uint)(CompletionEntries - 1));
        return TestCompletion.Decode(_completionPages[slot / PvscsiSpec.CompletionsPerPage].Span.Slice((slot % PvscsiSpec.CompletionsPerPage) * PvscsiSpec.CompletionLength, PvscsiSpec.CompletionLength));
    }

    /// <summary>Submits one request and polls until its completion arrives.</summary>
    public TestCompletion Run(TestRequest request)
    {
        Submit(request);
        for (int poll = 0; poll < 1000; poll++)
        {
            if ((PollAndAcknowledge() & PvscsiSpec.Completion0) != 0)
            {
                var completions = Drain();
                Assert.HasCount(1, completions);
                Assert.AreEqual(request.Context, completions[0].Context);
                return completions[0];
            }
        }

        Assert.Fail("no completion after 1000 polls");
        return default;
    }

    public void WriteGuest(ulong address, ReadOnlySpan<byte> data) => Assert.IsTrue(Space.TryWrite(address, data));

    public byte[] ReadGuest(ulong address, int length)
    {
        var data = new byte[length];
        Assert.IsTrue(Space.TryRead(address, data));
        return data;
    }

    public byte[] ReadImage(long offset, int length, int disk = 0)
    {
        var data = new byte[length];
        _disks[disk].Device.Read(offset, data);
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

    private uint StateField(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(State.Span[offset..]);

    private static void SetPpn(uint[] words, int offset, ulong ppn)
    {
        words[offset / 4] = (uint)ppn;
        words[(offset / 4) + 1] = (uint)(ppn >> 32);
    }
}
