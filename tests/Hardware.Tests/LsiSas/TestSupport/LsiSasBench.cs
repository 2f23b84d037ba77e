using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.LsiSas;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>Test harness only: memory (a region below and one above 4 GiB), a harness disk at target 0 and the controller.</summary>
internal sealed class LsiSasBench
{
    public const ulong LowBase = 0x0010_0000;
    public const ulong HighBase = 0x1_0000_0000;

    public LsiSasBench(int latency = 1, bool framesBelow4GiB = false, Sas1068StartState start = Sas1068StartState.Ready, int diskBlocks = 16384, bool secondDisk = false)
    {
        Memory = new TestHarnessPhysicalMemory().AddRegion(LowBase, 4 << 20).AddRegion(HighBase, 16 << 20);
        Disk = new TestHarnessScsiDisk(diskBlocks);
        var targets = new Dictionary<int, IScsiTarget> { [0] = Disk };
        if (secondDisk)
        {
            SecondDisk = new TestHarnessScsiDisk(diskBlocks);
            targets[1] = SecondDisk;
        }

        Controller = new Sas1068Controller(Memory, targets, new Sas1068Options { CompletionLatency = latency, StartState = start });
        Host = new MpiTestHost(Controller, Memory, framesBelow4GiB);
    }

    public TestHarnessPhysicalMemory Memory { get; }

    public TestHarnessScsiDisk Disk { get; }

    public TestHarnessScsiDisk? SecondDisk { get; }

    public Sas1068Controller Controller { get; }

    public MpiTestHost Host { get; }

    public IDmaBuffer Data(int length, bool below4GiB = false) => Memory.Allocate(length, 4096, below4GiB);

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
}
