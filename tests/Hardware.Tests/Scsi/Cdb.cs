using System.Buffers.Binary;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Scsi;

/// <summary>CDB builders for the tests.</summary>
internal static class Cdb
{
    public static byte[] Six(byte opcode, byte byte1 = 0, byte byte2 = 0, byte byte3 = 0, byte byte4 = 0) => [opcode, byte1, byte2, byte3, byte4, 0];

    public static byte[] Inquiry(bool evpd = false, byte page = 0, ushort allocation = 255)
    {
        var cdb = new byte[6];
        cdb[0] = ScsiOpcodes.Inquiry;
        cdb[1] = (byte)(evpd ? 1 : 0);
        cdb[2] = page;
        BinaryPrimitives.WriteUInt16BigEndian(cdb.AsSpan(3), allocation);
        return cdb;
    }

    public static byte[] Rw6(byte opcode, uint lba, byte count) => [opcode, (byte)((lba >> 16) & 0x1F), (byte)(lba >> 8), (byte)lba, count, 0];

    public static byte[] Rw10(byte opcode, uint lba, ushort count, byte flags = 0)
    {
        var cdb = new byte[10];
        cdb[0] = opcode;
        cdb[1] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(2), lba);
        BinaryPrimitives.WriteUInt16BigEndian(cdb.AsSpan(7), count);
        return cdb;
    }

    public static byte[] Rw12(byte opcode, uint lba, uint count, byte flags = 0)
    {
        var cdb = new byte[12];
        cdb[0] = opcode;
        cdb[1] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(2), lba);
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(6), count);
        return cdb;
    }

    public static byte[] Rw16(byte opcode, ulong lba, uint count, byte flags = 0)
    {
        var cdb = new byte[16];
        cdb[0] = opcode;
        cdb[1] = flags;
        BinaryPrimitives.WriteUInt64BigEndian(cdb.AsSpan(2), lba);
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(10), count);
        return cdb;
    }

    public static byte[] ReadCapacity10(uint lba = 0, bool pmi = false)
    {
        var cdb = new byte[10];
        cdb[0] = ScsiOpcodes.ReadCapacity10;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(2), lba);
        cdb[8] = (byte)(pmi ? 1 : 0);
        return cdb;
    }

    public static byte[] ReadCapacity16(uint allocation = 32, byte serviceAction = ScsiOpcodes.ReadCapacity16ServiceAction)
    {
        var cdb = new byte[16];
        cdb[0] = ScsiOpcodes.ServiceActionIn16;
        cdb[1] = serviceAction;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(10), allocation);
        return cdb;
    }

    public static byte[] ModeSense6(byte page, byte pageControl = 0, bool dbd = false, byte allocation = 255, byte subpage = 0) =>
        [ScsiOpcodes.ModeSense6, (byte)(dbd ? 0x08 : 0), (byte)((pageControl << 6) | page), subpage, allocation, 0];

    public static byte[] ModeSense10(byte page, bool llbaa = false, bool dbd = false, ushort allocation = 1024)
    {
        var cdb = new byte[10];
        cdb[0] = ScsiOpcodes.ModeSense10;
        cdb[1] = (byte)((dbd ? 0x08 : 0) | (llbaa ? 0x10 : 0));
        cdb[2] = page;
        BinaryPrimitives.WriteUInt16BigEndian(cdb.AsSpan(7), allocation);
        return cdb;
    }

    public static byte[] ModeSelect6(byte length, bool pageFormat = true, bool save = false) =>
        [ScsiOpcodes.ModeSelect6, (byte)((pageFormat ? 0x10 : 0) | (save ? 1 : 0)), 0, 0, length, 0];

    public static byte[] ReportLuns(uint allocation, byte select = 0)
    {
        var cdb = new byte[12];
        cdb[0] = ScsiOpcodes.ReportLuns;
        cdb[2] = select;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(6), allocation);
        return cdb;
    }
}
