using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Ide;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Tests.Memory;
using DumpFramework.Hardware.Tests.Scsi;

namespace DumpFramework.Hardware.Tests.Ide;

/// <summary>A PIIX controller over a sparse image, driven by register accesses the way a driver does.</summary>
internal sealed class IdeRig : IDisposable
{
    public const byte Bsy = 0x80;
    public const byte Drdy = 0x40;
    public const byte Df = 0x20;
    public const byte Drq = 0x08;
    public const byte Err = 0x01;
    public const byte Abrt = 0x04;
    public const byte Idnf = 0x10;
    public const byte Unc = 0x40;

    private readonly TestDirectory _directory = new();

    public IdeRig(long size = 16L << 20, PiixIdeOptions? options = null, bool withSlave = false, bool withMaster = true, int sectorSize = 512)
    {
        ImagePath = _directory.File("master.img");
        Disk = new CountingBlockDevice(ImageFileBlockDevice.Open(ImagePath, size, sectorSize, Math.Max(4096, sectorSize)));
        if (withSlave)
        {
            Slave = ImageFileBlockDevice.Open(_directory.File("slave.img"), 1L << 20, 512, 4096);
        }

        Memory = new PhysicalAddressSpace(new SyntheticMemory(16L << 20));
        Controller = new PiixIdeController(Memory, withMaster ? Disk : null, Slave, options ?? new PiixIdeOptions { CompletionLatency = 0 });
    }

    public string ImagePath { get; }

    public CountingBlockDevice Disk { get; }

    public IBlockDevice? Slave { get; }

    public PhysicalAddressSpace Memory { get; }

    public PiixIdeController Controller { get; }

    public IRegisterSpace Command => Controller.RegisterSpaces[0];

    public IRegisterSpace Control => Controller.RegisterSpaces[1];

    public IRegisterSpace BusMaster => Controller.RegisterSpaces[2];

    public byte Status => Command.Read8(7);

    public byte AltStatus => Control.Read8(0);

    public byte Error => Command.Read8(1);

    public byte BmStatus => BusMaster.Read8(2);

    /// <summary>Polls Alternate Status until BSY clears; fails the test after many polls.</summary>
    public byte WaitNotBusy(int maximumPolls = 1000)
    {
        for (int i = 0; i < maximumPolls; i++)
        {
            byte status = AltStatus;
            if ((status & Bsy) == 0)
            {
                return status;
            }
        }

        Assert.Fail("the device stayed busy");
        return 0;
    }

    public void Lba28(long lba, int count, int device = 0)
    {
        Command.Write8(2, (byte)count);
        Command.Write8(3, (byte)lba);
        Command.Write8(4, (byte)(lba >> 8));
        Command.Write8(5, (byte)(lba >> 16));
        Command.Write8(6, (byte)(0xE0 | (device << 4) | (int)((lba >> 24) & 0x0F)));
    }

    public void Lba48(long lba, int count, int device = 0)
    {
        Command.Write8(2, (byte)(count >> 8));
        Command.Write8(3, (byte)(lba >> 24));
        Command.Write8(4, (byte)(lba >> 32));
        Command.Write8(5, (byte)(lba >> 40));
        Command.Write8(2, (byte)count);
        Command.Write8(3, (byte)lba);
        Command.Write8(4, (byte)(lba >> 8));
        Command.Write8(5, (byte)(lba >> 16));
        Command.Write8(6, (byte)(0x40 | (device << 4)));
    }

    public void Issue(byte command) => Command.Write8(7, command);

    /// <summary>A non-data command: issue, wait, return the final Status (read through Status, acknowledging INTRQ).</summary>
    public byte NonData(byte command, byte features = 0, byte count = 0)
    {
        Command.Write8(1, features);
        Command.Write8(2, count);
        Issue(command);
        WaitNotBusy();
        return Status;
    }

    /// <summary>Reads one DRQ block through the 16-bit data register.</summary>
    public void ReadBlock(Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i += 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[i..], Command.Read16(0));
        }
    }

    public void WriteBlock(ReadOnlySpan<byte> source)
    {
        for (int i = 0; i < source.Length; i += 2)
        {
            Command.Write16(0, BinaryPrimitives.ReadUInt16LittleEndian(source[i..]));
        }
    }

    /// <summary>PIO data-in of a whole command: waits for DRQ before each block, checks it, reads it.</summary>
    public byte[] PioIn(int totalBytes, int blockBytes)
    {
        var data = new byte[totalBytes];
        for (int done = 0; done < totalBytes; done += blockBytes)
        {
            byte status = WaitNotBusy();
            Assert.AreEqual(Drq, status & (Drq | Err), $"DRQ expected before the block at {done}, status 0x{status:X2}");
            ReadBlock(data.AsSpan(done, Math.Min(blockBytes, totalBytes - done)));
        }

        return data;
    }

    public void PioOut(byte[] data, int blockBytes)
    {
        for (int done = 0; done < data.Length; done += blockBytes)
        {
            byte status = WaitNotBusy();
            Assert.AreEqual(Drq, status & (Drq | Err), $"DRQ expected before the block at {done}, status 0x{status:X2}");
            WriteBlock(data.AsSpan(done, Math.Min(blockBytes, data.Length - done)));
        }
    }

    public byte[] Identify()
    {
        Command.Write8(6, 0xA0);
        Issue(0xEC);
        var data = PioIn(512, 512);
        Assert.AreEqual(Drdy, WaitNotBusy() & (Drdy | Drq | Err));
        return data;
    }

    public static ushort Word(byte[] identify, int word) => BinaryPrimitives.ReadUInt16LittleEndian(identify.AsSpan(word * 2));

    public DmaBuffer Buffer(int length, int alignment = 0x10000) => Memory.AllocateBuffer(length, alignment, below4GiB: true);

    /// <summary>Builds a PRD table in a fresh page; the last entry gets EOT.</summary>
    public DmaBuffer PrdTable(params (ulong Address, uint Count)[] regions)
    {
        var table = Memory.AllocateBuffer(Math.Max(8, regions.Length * 8), 4096, below4GiB: true);
        for (int i = 0; i < regions.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(table.Span[(i * 8)..], (uint)regions[i].Address);
            uint control = regions[i].Count & 0xFFFF;
            if (i == regions.Length - 1)
            {
                control |= 0x8000_0000;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(table.Span[((i * 8) + 4)..], control);
        }

        return table;
    }

    /// <summary>The datasheet sequence: PRD pointer, direction, clear Error/Interrupt, task file + command, Start.</summary>
    public void Dma(DmaBuffer table, bool read, byte command, Action programTaskFile)
    {
        BusMaster.Write32(4, (uint)table.PhysicalAddress);
        BusMaster.Write8(0, read ? (byte)0x08 : (byte)0x00);
        BusMaster.Write8(2, 0x06);
        programTaskFile();
        Issue(command);
        BusMaster.Write8(0, read ? (byte)0x09 : (byte)0x01);
    }

    /// <summary>The polled completion test: BM Active clear and BSY/DRQ clear (or just the device, when the PRDs were larger).</summary>
    public (byte Status, byte BmStatus) WaitDma(bool requireInactive = true)
    {
        for (int i = 0; i < 1000; i++)
        {
            byte bm = BmStatus;
            byte status = AltStatus;
            if ((status & (Bsy | Drq)) == 0 && (!requireInactive || (bm & 0x01) == 0))
            {
                BusMaster.Write8(0, (byte)(BusMaster.Read8(0) & 0x08));
                return (Status, bm);
            }
        }

        Assert.Fail("the DMA never completed");
        return default;
    }

    public byte[] ReadImage(long offset, int length)
    {
        var data = new byte[length];
        Disk.Read(offset, data);
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
        Memory.Dispose();
        Disk.Dispose();
        Slave?.Dispose();
        _directory.Dispose();
    }
}
