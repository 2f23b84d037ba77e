using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.LsiSas;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Scsi;
using DumpFramework.Hardware.Tests.Memory;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>
/// The real parts around the controller under test: a physical address space over writable synthetic memory (a run
/// below and one above 4 GiB), SCSI disks over sparse image files (behind counters) and the controller itself.
/// </summary>
internal sealed class LsiSasBench : IDisposable
{
    public const ulong LowBase = 0x0010_0000;
    public const ulong LowLength = 4 << 20;
    public const ulong HighBase = 0x1_0000_0000;
    public const ulong HighLength = 16 << 20;
    public const int BlockSize = 512;

    private const int BufferAlignment = 4096;

    private readonly TestDirectory _directory = new();
    private readonly List<ImageFileBlockDevice> _devices = [];
    private ulong _nextHigh = HighBase;

    public LsiSasBench(int latency = 1, bool framesBelow4GiB = false, ControllerCrashState crashState = ControllerCrashState.PowerOn, int diskBlocks = 16384, bool secondDisk = false)
    {
        try
        {
            PhysicalRange[] runs = [new(LowBase, LowLength), new(HighBase, HighLength)];
            Memory = new PhysicalAddressSpace(new SyntheticMemory(runs, seed: 1068, writable: true));
            Disk = CreateDisk("disk0.img", diskBlocks);
            var targets = new Dictionary<int, IScsiTarget> { [0] = Disk };
            if (secondDisk)
            {
                SecondDisk = CreateDisk("disk1.img", diskBlocks);
                targets[1] = SecondDisk;
            }

            Controller = new Sas1068Controller(Memory, targets, new Sas1068Options { CompletionLatency = latency, CrashState = crashState });
            Host = new MpiTestHost(Controller, Memory, Data(MpiTestHost.HostAreaSize, framesBelow4GiB));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public PhysicalAddressSpace Memory { get; }

    /// <summary>The stall clock device latencies run on.</summary>
    public VirtualStallClock Clock { get; } = new();

    public CountingScsiTarget Disk { get; }

    public CountingScsiTarget? SecondDisk { get; }

    public Sas1068Controller Controller { get; }

    public MpiTestHost Host { get; }

    /// <summary>
    /// A zeroed host buffer. Below 4 GiB it comes from the address space's DMA allocator; otherwise it is carved from
    /// the synthetic run at <see cref="HighBase"/>, because the allocator prefers holes below 4 GiB and the tests
    /// need addresses that really use the upper 32 bits.
    /// </summary>
    public HostBuffer Data(int length, bool below4GiB = false)
    {
        if (below4GiB)
        {
            var buffer = Memory.AllocateBuffer(length, BufferAlignment, below4GiB: true);
            return new HostBuffer(Memory, buffer.PhysicalAddress, length);
        }

        return AboveFourGiB(length);
    }

    /// <summary>A zeroed host buffer inside the synthetic run above 4 GiB (page aligned, never reused).</summary>
    public HostBuffer AboveFourGiB(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ulong address = (_nextHigh + BufferAlignment - 1) & ~(ulong)(BufferAlignment - 1);
        if (address + (ulong)length > HighBase + HighLength)
        {
            throw new InvalidOperationException($"The high run has no room left for {length} bytes.");
        }

        _nextHigh = address + (ulong)length;
        var buffer = new HostBuffer(Memory, address, length);

        // Synthetic memory starts with generated content; a freshly allocated buffer is zeroed, like a DMA buffer.
        buffer.Clear();
        return buffer;
    }

    /// <summary>Reads whole blocks of disk 0 straight from its image, past the controller and the target.</summary>
    public byte[] ReadDisk(long lba, int blocks)
    {
        var bytes = new byte[blocks * BlockSize];
        _devices[0].Read(lba * BlockSize, bytes);
        return bytes;
    }

    public void Dispose()
    {
        foreach (var device in _devices)
        {
            device.Dispose();
        }

        Memory?.Dispose();
        _directory.Dispose();
    }

    public static byte[] Read10(uint lba, ushort blocks) => [0x28, 0, (byte)(lba >> 24), (byte)(lba >> 16), (byte)(lba >> 8), (byte)lba, 0, (byte)(blocks >> 8), (byte)blocks, 0];

    public static byte[] Write10(uint lba, ushort blocks) => [0x2A, 0, (byte)(lba >> 24), (byte)(lba >> 16), (byte)(lba >> 8), (byte)lba, 0, (byte)(blocks >> 8), (byte)blocks, 0];

    public static byte[] Read16(ulong lba, uint blocks)
    {
        var cdb = new byte[16];
        cdb[0] = 0x88;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(cdb.AsSpan(2), lba);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(10), blocks);
        return cdb;
    }

    public static byte[] Write16(ulong lba, uint blocks)
    {
        var cdb = Read16(lba, blocks);
        cdb[0] = 0x8A;
        return cdb;
    }

    public static readonly byte[] TestUnitReady = [0, 0, 0, 0, 0, 0];

    private CountingScsiTarget CreateDisk(string name, int blocks)
    {
        var device = ImageFileBlockDevice.Open(_directory.File(name), (long)blocks * BlockSize, BlockSize);
        _devices.Add(device);
        return new CountingScsiTarget(new ScsiDiskTarget(device));
    }
}
