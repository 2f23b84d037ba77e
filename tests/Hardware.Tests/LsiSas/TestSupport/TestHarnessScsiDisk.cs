using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>
/// Test harness only: a minimal block-addressed SCSI disk over a byte array (512-byte blocks). INQUIRY, READ
/// CAPACITY(10/16), READ/WRITE(10/16), TEST UNIT READY, SYNCHRONIZE CACHE; fixed-format sense for errors. Stands in
/// for the real ScsiDiskTarget until it is merged.
/// </summary>
internal sealed class TestHarnessScsiDisk(int blockCount) : IScsiTarget
{
    public const int BlockSize = 512;
    private const int Chunk = 64 * 1024;

    public byte[] Blocks { get; } = new byte[blockCount * BlockSize];

    public int ResetCount { get; private set; }

    public int FlushCount { get; private set; }

    public int CommandCount { get; private set; }

    public string Description => $"TEST HARNESS DISK, {blockCount} blocks of {BlockSize} bytes";

    public ScsiDataDirection GetDataDirection(ReadOnlySpan<byte> cdb) => cdb[0] switch
    {
        0x12 or 0x25 or 0x28 or 0x88 => ScsiDataDirection.In,
        0x9E when (cdb[1] & 0x1F) == 0x10 => ScsiDataDirection.In,
        0x2A or 0x8A => ScsiDataDirection.Out,
        _ => ScsiDataDirection.None,
    };

    public ScsiCommandResult Execute(byte lun, ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        CommandCount++;
        if (lun != 0 && cdb[0] != 0x12)
        {
            return Check(0x05, 0x25);
        }

        switch (cdb[0])
        {
            case 0x00:
                return ScsiCommandResult.Good(0);
            case 0x12:
                return Inquiry(lun, cdb, data);
            case 0x25:
            {
                Span<byte> capacity = stackalloc byte[8];
                BinaryPrimitives.WriteUInt32BigEndian(capacity, (uint)(blockCount - 1));
                BinaryPrimitives.WriteUInt32BigEndian(capacity[4..], BlockSize);
                return Return(capacity, 8, data);
            }

            case 0x9E when (cdb[1] & 0x1F) == 0x10:
            {
                Span<byte> capacity = stackalloc byte[32];
                BinaryPrimitives.WriteUInt64BigEndian(capacity, (ulong)(blockCount - 1));
                BinaryPrimitives.WriteUInt32BigEndian(capacity[8..], BlockSize);
                return Return(capacity, (int)BinaryPrimitives.ReadUInt32BigEndian(cdb[10..]), data);
            }

            case 0x28:
                return ReadWrite(BinaryPrimitives.ReadUInt32BigEndian(cdb[2..]), BinaryPrimitives.ReadUInt16BigEndian(cdb[7..]), write: false, data);
            case 0x88:
                return ReadWrite(BinaryPrimitives.ReadUInt64BigEndian(cdb[2..]), BinaryPrimitives.ReadUInt32BigEndian(cdb[10..]), write: false, data);
            case 0x2A:
                return ReadWrite(BinaryPrimitives.ReadUInt32BigEndian(cdb[2..]), BinaryPrimitives.ReadUInt16BigEndian(cdb[7..]), write: true, data);
            case 0x8A:
                return ReadWrite(BinaryPrimitives.ReadUInt64BigEndian(cdb[2..]), BinaryPrimitives.ReadUInt32BigEndian(cdb[10..]), write: true, data);
            case 0x35:
                FlushCount++;
                return ScsiCommandResult.Good(0);
            default:
                return Check(0x05, 0x20);
        }
    }

    public void Reset() => ResetCount++;

    public static byte[] FixedSense(byte key, byte asc)
    {
        var sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = key;
        sense[7] = 10;
        sense[12] = asc;
        return sense;
    }

    private static ScsiCommandResult Check(byte key, byte asc) => new(ScsiStatus.CheckCondition, 0, FixedSense(key, asc));

    private ScsiCommandResult Inquiry(byte lun, ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        if ((cdb[1] & 1) != 0 || cdb[2] != 0)
        {
            return Check(0x05, 0x24);
        }

        Span<byte> inquiry = stackalloc byte[36];
        inquiry.Fill((byte)' ');
        inquiry[0] = lun == 0 ? (byte)0x00 : (byte)0x7F;
        inquiry[1] = 0;
        inquiry[2] = 0x05;
        inquiry[3] = 0x02;
        inquiry[4] = 31;
        inquiry[5] = 0;
        inquiry[6] = 0;
        inquiry[7] = 0x02;
        "DFBENCH "u8.CopyTo(inquiry[8..]);
        "HARNESS DISK"u8.CopyTo(inquiry[16..]);
        "1.0 "u8.CopyTo(inquiry[32..]);
        return Return(inquiry, BinaryPrimitives.ReadUInt16BigEndian(cdb[3..]), data);
    }

    private static ScsiCommandResult Return(ReadOnlySpan<byte> payload, int allocationLength, IScsiDataTransfer data)
    {
        int count = (int)Math.Min(Math.Min(payload.Length, allocationLength), data.Length);
        if (count > 0 && !data.TryWriteToInitiator(0, payload[..count]))
        {
            return new ScsiCommandResult(ScsiStatus.Good, 0, ReadOnlyMemory<byte>.Empty, DataTransferFailed: true);
        }

        return ScsiCommandResult.Good(count);
    }

    private ScsiCommandResult ReadWrite(ulong lba, ulong count, bool write, IScsiDataTransfer data)
    {
        if (lba + count < lba || lba + count > (ulong)blockCount || (count == 0 && lba >= (ulong)blockCount))
        {
            return Check(0x05, 0x21);
        }

        long bytes = Math.Min((long)count * BlockSize, data.Length);
        long offset = (long)lba * BlockSize;
        for (long done = 0; done < bytes; done += Chunk)
        {
            int piece = (int)Math.Min(Chunk, bytes - done);
            var window = Blocks.AsSpan((int)(offset + done), piece);
            bool ok = write ? data.TryReadFromInitiator(done, window) : data.TryWriteToInitiator(done, window);
            if (!ok)
            {
                return new ScsiCommandResult(ScsiStatus.CheckCondition, done, FixedSense(0x0B, 0x00), DataTransferFailed: true);
            }
        }

        return ScsiCommandResult.Good(bytes);
    }
}
