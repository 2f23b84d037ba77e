using System.Buffers.Binary;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Scsi;

/// <summary>INQUIRY and its VPD pages, READ CAPACITY and REPORT LUNS.</summary>
public sealed partial class ScsiDiskTarget
{
    private const int StandardInquiryLength = 96;
    private const byte DirectAccessDevice = 0x00;
    private const byte NoLogicalUnit = 0x7F;

    private ScsiCommandResult Inquiry(ReadOnlySpan<byte> cdb, IScsiDataTransfer data, bool lunSupported)
    {
        bool evpd = (cdb[1] & 0x01) != 0;
        byte page = cdb[2];
        int allocationLength = ReadBe16(cdb, 3);
        if ((cdb[1] & 0x02) != 0)
        {
            // CmdDt is obsolete since SPC-3.
            return IllegalRequest(0x24, 0x00, 1, 1);
        }

        if (!evpd && page != 0)
        {
            return IllegalRequest(0x24, 0x00, 2);
        }

        byte peripheral = lunSupported ? DirectAccessDevice : NoLogicalUnit;
        Span<byte> reply = stackalloc byte[StandardInquiryLength + _serial.Length + 64];
        reply.Clear();
        int length;
        if (!evpd)
        {
            length = BuildStandardInquiry(reply, peripheral);
        }
        else
        {
            length = page switch
            {
                0x00 => BuildSupportedPages(reply, peripheral),
                0x80 => BuildSerialNumberPage(reply, peripheral),
                0x83 => BuildDeviceIdentificationPage(reply, peripheral),
                _ => -1,
            };
            if (length < 0)
            {
                return IllegalRequest(0x24, 0x00, 2);
            }
        }

        return SendData(reply[..length], allocationLength, data);
    }

    private int BuildStandardInquiry(Span<byte> reply, byte peripheral)
    {
        reply[0] = peripheral;
        reply[1] = 0x00;                                // not removable
        reply[2] = 0x05;                                // SPC-3
        reply[3] = 0x12;                                // HiSup, response data format 2
        reply[4] = StandardInquiryLength - 5;
        reply[7] = 0x02;                                // CmdQue
        _vendor.CopyTo(reply[8..]);
        _product.CopyTo(reply[16..]);
        _revision.CopyTo(reply[32..]);
        BinaryPrimitives.WriteUInt16BigEndian(reply[58..], 0x0060); // SAM-3
        BinaryPrimitives.WriteUInt16BigEndian(reply[60..], 0x0300); // SPC-3
        BinaryPrimitives.WriteUInt16BigEndian(reply[62..], 0x04C0); // SBC-3
        return StandardInquiryLength;
    }

    private static int BuildSupportedPages(Span<byte> reply, byte peripheral)
    {
        ReadOnlySpan<byte> pages = [0x00, 0x80, 0x83];
        reply[0] = peripheral;
        reply[1] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(reply[2..], (ushort)pages.Length);
        pages.CopyTo(reply[4..]);
        return 4 + pages.Length;
    }

    private int BuildSerialNumberPage(Span<byte> reply, byte peripheral)
    {
        reply[0] = peripheral;
        reply[1] = 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(reply[2..], (ushort)_serial.Length);
        _serial.CopyTo(reply[4..]);
        return 4 + _serial.Length;
    }

    /// <summary>Device identification: an LU-associated binary NAA (what Windows keys a disk's identity on) and a
    /// T10 vendor ID descriptor (vendor, product, serial in ASCII).</summary>
    private int BuildDeviceIdentificationPage(Span<byte> reply, byte peripheral)
    {
        reply[0] = peripheral;
        reply[1] = 0x83;
        int position = 4;

        reply[position] = 0x01;                         // code set: binary
        reply[position + 1] = 0x03;                     // association LU, designator type NAA
        reply[position + 3] = 8;
        BinaryPrimitives.WriteUInt64BigEndian(reply[(position + 4)..], _naaIdentifier);
        position += 12;

        int t10Length = 8 + _product.Length + _serial.Length;
        reply[position] = 0x02;                         // code set: ASCII
        reply[position + 1] = 0x01;                     // association LU, designator type T10 vendor ID
        reply[position + 3] = (byte)t10Length;
        _vendor.CopyTo(reply[(position + 4)..]);
        _product.CopyTo(reply[(position + 12)..]);
        _serial.CopyTo(reply[(position + 28)..]);
        position += 4 + t10Length;

        BinaryPrimitives.WriteUInt16BigEndian(reply[2..], (ushort)(position - 4));
        return position;
    }

    private ScsiCommandResult ReadCapacity10(ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        // Without PMI the LBA field must be zero.
        if ((cdb[8] & 0x01) == 0 && ReadBe32(cdb, 2) != 0)
        {
            return IllegalRequest(0x24, 0x00, 2);
        }

        Span<byte> reply = stackalloc byte[8];
        ulong lastLba = (ulong)BlockCount - 1;

        // 0xFFFFFFFF tells the initiator the capacity does not fit: it must use READ CAPACITY(16).
        BinaryPrimitives.WriteUInt32BigEndian(reply, lastLba > uint.MaxValue ? uint.MaxValue : (uint)lastLba);
        BinaryPrimitives.WriteUInt32BigEndian(reply[4..], (uint)BlockSize);
        return SendData(reply, reply.Length, data);
    }

    private ScsiCommandResult ServiceActionIn16(ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        if ((cdb[1] & 0x1F) != ScsiOpcodes.ReadCapacity16ServiceAction)
        {
            return IllegalRequest(0x24, 0x00, 1, 4);
        }

        if ((cdb[14] & 0x01) == 0 && ReadBe64(cdb, 2) != 0)
        {
            return IllegalRequest(0x24, 0x00, 2);
        }

        Span<byte> reply = stackalloc byte[32];
        reply.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(reply, (ulong)BlockCount - 1);
        BinaryPrimitives.WriteUInt32BigEndian(reply[8..], (uint)BlockSize);
        int blocksPerPhysical = PhysicalBlockSize / BlockSize;
        reply[13] = (byte)(System.Numerics.BitOperations.Log2((uint)blocksPerPhysical) & 0x0F);
        return SendData(reply, ReadBe32(cdb, 10), data);
    }

    private ScsiCommandResult ReportLuns(ReadOnlySpan<byte> cdb, IScsiDataTransfer data)
    {
        if (cdb[2] > 0x02)
        {
            return IllegalRequest(0x24, 0x00, 2);
        }

        uint allocationLength = ReadBe32(cdb, 6);
        if (allocationLength < 16)
        {
            return IllegalRequest(0x24, 0x00, 6);
        }

        // One LUN (0, peripheral addressing: all zero); the list length counts the full list.
        Span<byte> reply = stackalloc byte[16];
        reply.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(reply, 8);
        return SendData(reply, allocationLength, data);
    }
}
