using System.Buffers.Binary;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>Builds the CDBs the dump port issues (SPC/SBC), big-endian as on the wire.</summary>
internal static class ScsiCommands
{
    /// <summary>Standard INQUIRY allocation length: enough for vendor, product and revision.</summary>
    public const int InquiryLength = 36;

    /// <summary>READ CAPACITY(10) parameter data length.</summary>
    public const int ReadCapacity10Length = 8;

    /// <summary>READ CAPACITY(16) parameter data length.</summary>
    public const int ReadCapacity16Length = 32;

    /// <summary>SENSE_BUFFER_SIZE: what Windows ports hand a miniport for autosense and ask REQUEST SENSE for.</summary>
    public const int SenseLength = 18;

    /// <summary>The largest CDB the port builds.</summary>
    public const int MaximumLength = 16;

    public const byte TestUnitReadyCode = 0x00;
    public const byte RequestSenseCode = 0x03;
    public const byte InquiryCode = 0x12;
    public const byte ReadCapacity10Code = 0x25;
    public const byte Read10Code = 0x28;
    public const byte Write10Code = 0x2A;
    public const byte SynchronizeCache10Code = 0x35;
    public const byte Read16Code = 0x88;
    public const byte Write16Code = 0x8A;
    public const byte ServiceActionIn16Code = 0x9E;
    public const byte ReadCapacity16ServiceAction = 0x10;

    /// <summary>TEST UNIT READY (6).</summary>
    public static int TestUnitReady(Span<byte> cdb)
    {
        cdb[..6].Clear();
        cdb[0] = TestUnitReadyCode;
        return 6;
    }

    /// <summary>REQUEST SENSE (6) for <paramref name="length"/> bytes of fixed-format sense.</summary>
    public static int RequestSense(Span<byte> cdb, byte length)
    {
        cdb[..6].Clear();
        cdb[0] = RequestSenseCode;
        cdb[4] = length;
        return 6;
    }

    /// <summary>Standard INQUIRY (6) with a two-byte allocation length (SPC-3).</summary>
    public static int Inquiry(Span<byte> cdb, ushort length)
    {
        cdb[..6].Clear();
        cdb[0] = InquiryCode;
        BinaryPrimitives.WriteUInt16BigEndian(cdb[3..], length);
        return 6;
    }

    /// <summary>READ CAPACITY (10).</summary>
    public static int ReadCapacity10(Span<byte> cdb)
    {
        cdb[..10].Clear();
        cdb[0] = ReadCapacity10Code;
        return 10;
    }

    /// <summary>SERVICE ACTION IN (16) / READ CAPACITY (16).</summary>
    public static int ReadCapacity16(Span<byte> cdb)
    {
        cdb[..16].Clear();
        cdb[0] = ServiceActionIn16Code;
        cdb[1] = ReadCapacity16ServiceAction;
        BinaryPrimitives.WriteUInt32BigEndian(cdb[10..], ReadCapacity16Length);
        return 16;
    }

    /// <summary>SYNCHRONIZE CACHE (10) for the whole medium (LBA 0, 0 blocks).</summary>
    public static int SynchronizeCache10(Span<byte> cdb)
    {
        cdb[..10].Clear();
        cdb[0] = SynchronizeCache10Code;
        return 10;
    }

    /// <summary>Whether an opcode is READ or WRITE (6, 10, 12 or 16): the requests storport leaves unmapped.</summary>
    public static bool IsReadOrWrite(byte opcode) => opcode is 0x08 or 0x0A or Read10Code or Write10Code or 0xA8 or 0xAA or Read16Code or Write16Code;

    /// <summary>Whether a transfer needs the 16-byte READ/WRITE: LBA beyond 32 bits or more than 65535 blocks.</summary>
    public static bool NeedsSixteenByteCdb(long lba, uint blocks) => lba > uint.MaxValue || blocks > ushort.MaxValue;

    /// <summary>READ/WRITE (10) or (16), whichever the LBA and block count need.</summary>
    /// <param name="cdb">At least 16 bytes.</param>
    /// <param name="write">WRITE when <see langword="true"/>, READ otherwise.</param>
    /// <param name="lba">Starting logical block.</param>
    /// <param name="blocks">Number of blocks (at least 1).</param>
    /// <returns>The CDB length used.</returns>
    public static int ReadWrite(Span<byte> cdb, bool write, long lba, uint blocks)
    {
        if (NeedsSixteenByteCdb(lba, blocks))
        {
            cdb[..16].Clear();
            cdb[0] = write ? Write16Code : Read16Code;
            BinaryPrimitives.WriteUInt64BigEndian(cdb[2..], (ulong)lba);
            BinaryPrimitives.WriteUInt32BigEndian(cdb[10..], blocks);
            return 16;
        }

        cdb[..10].Clear();
        cdb[0] = write ? Write10Code : Read10Code;
        BinaryPrimitives.WriteUInt32BigEndian(cdb[2..], (uint)lba);
        BinaryPrimitives.WriteUInt16BigEndian(cdb[7..], (ushort)blocks);
        return 10;
    }

    /// <summary>The name of a READ/WRITE command as <see cref="ReadWrite"/> builds it.</summary>
    public static string ReadWriteName(bool write, long lba, uint blocks) => NeedsSixteenByteCdb(lba, blocks)
        ? (write ? "WRITE(16)" : "READ(16)")
        : (write ? "WRITE(10)" : "READ(10)");
}
