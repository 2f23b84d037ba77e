using System.Buffers.Binary;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Scsi;

/// <summary>MODE SENSE and MODE SELECT: the caching page (WCE changeable) and the control page.</summary>
public sealed partial class ScsiDiskTarget
{
    private const byte CachingPage = 0x08;
    private const byte ControlPage = 0x0A;
    private const byte AllPages = 0x3F;
    private const int CachingPageLength = 20;
    private const int ControlPageLength = 12;
    private const byte WceBit = 0x04;

    private enum PageControl
    {
        Current = 0,
        Changeable = 1,
        Default = 2,
        Saved = 3,
    }

    private ScsiCommandResult ModeSense(ReadOnlySpan<byte> cdb, IScsiDataTransfer data, bool tenByte)
    {
        bool disableBlockDescriptors = (cdb[1] & 0x08) != 0;
        bool longLba = tenByte && (cdb[1] & 0x10) != 0;
        var control = (PageControl)(cdb[2] >> 6);
        byte page = (byte)(cdb[2] & 0x3F);
        byte subpage = cdb[3];
        int allocationLength = tenByte ? ReadBe16(cdb, 7) : cdb[4];

        if (control == PageControl.Saved)
        {
            return IllegalRequest(0x39, 0x00, 2, 7);
        }

        bool pageKnown = page switch
        {
            AllPages => subpage is 0x00 or 0xFF,
            CachingPage or ControlPage => subpage == 0x00,
            _ => false,
        };
        if (!pageKnown)
        {
            return page is AllPages or CachingPage or ControlPage ? IllegalRequest(0x24, 0x00, 3) : IllegalRequest(0x24, 0x00, 2, 5);
        }

        Span<byte> reply = stackalloc byte[8 + 16 + CachingPageLength + ControlPageLength];
        reply.Clear();
        int headerLength = tenByte ? 8 : 4;
        int descriptorLength = disableBlockDescriptors ? 0 : longLba ? 16 : 8;
        int position = headerLength;
        if (descriptorLength == 8)
        {
            // SBC short LBA descriptor: block count saturates at 0xFFFFFFFF.
            BinaryPrimitives.WriteUInt32BigEndian(reply[position..], BlockCount > uint.MaxValue ? uint.MaxValue : (uint)BlockCount);
            BinaryPrimitives.WriteUInt32BigEndian(reply[(position + 4)..], (uint)BlockSize & 0x00FF_FFFF);
        }
        else if (descriptorLength == 16)
        {
            BinaryPrimitives.WriteUInt64BigEndian(reply[position..], (ulong)BlockCount);
            BinaryPrimitives.WriteUInt32BigEndian(reply[(position + 12)..], (uint)BlockSize);
        }

        position += descriptorLength;
        if (page is CachingPage or AllPages)
        {
            BuildCachingPage(reply.Slice(position, CachingPageLength), control);
            position += CachingPageLength;
        }

        if (page is ControlPage or AllPages)
        {
            BuildControlPage(reply.Slice(position, ControlPageLength), control);
            position += ControlPageLength;
        }

        // Device-specific parameter: WP when read-only; DPOFUA because FUA is honoured.
        byte deviceSpecific = (byte)((_device.IsReadOnly ? 0x80 : 0x00) | 0x10);
        if (tenByte)
        {
            BinaryPrimitives.WriteUInt16BigEndian(reply, (ushort)(position - 2));
            reply[3] = deviceSpecific;
            reply[4] = (byte)(longLba && !disableBlockDescriptors ? 0x01 : 0x00);
            BinaryPrimitives.WriteUInt16BigEndian(reply[6..], (ushort)descriptorLength);
        }
        else
        {
            reply[0] = (byte)(position - 1);
            reply[2] = deviceSpecific;
            reply[3] = (byte)descriptorLength;
        }

        // The mode data length reports the full length even when the allocation length truncates the reply.
        return SendData(reply[..position], allocationLength, data);
    }

    private void BuildCachingPage(Span<byte> page, PageControl control)
    {
        page.Clear();
        page[0] = CachingPage;
        page[1] = CachingPageLength - 2;
        if (control == PageControl.Changeable)
        {
            page[2] = WceBit;
            return;
        }

        bool wce = control == PageControl.Default ? _defaultWriteCacheEnabled : WriteCacheEnabled;
        page[2] = (byte)(0x10 | (wce ? WceBit : 0));    // DISC (+ WCE), RCD clear: reads are cached too
        BinaryPrimitives.WriteUInt16BigEndian(page[4..], 0xFFFF);   // disable prefetch transfer length
        BinaryPrimitives.WriteUInt16BigEndian(page[8..], 0xFFFF);   // maximum prefetch
        BinaryPrimitives.WriteUInt16BigEndian(page[10..], 0xFFFF);  // maximum prefetch ceiling
        page[12] = 0x80;                                // FSW
        page[13] = 0x14;                                // number of cache segments
    }

    private static void BuildControlPage(Span<byte> page, PageControl control)
    {
        page.Clear();
        page[0] = ControlPage;
        page[1] = ControlPageLength - 2;
        if (control == PageControl.Changeable)
        {
            return;
        }

        page[2] = 0x02;                                 // GLTSD
        page[3] = 0x10;                                 // queue algorithm modifier 1: unrestricted reordering
        BinaryPrimitives.WriteUInt16BigEndian(page[8..], 0xFFFF);   // busy timeout period: unlimited
    }

    private ScsiCommandResult ModeSelect(ReadOnlySpan<byte> cdb, IScsiDataTransfer data, bool tenByte)
    {
        bool pageFormat = (cdb[1] & 0x10) != 0;
        bool savePages = (cdb[1] & 0x01) != 0;
        int parameterLength = tenByte ? ReadBe16(cdb, 7) : cdb[4];
        if (savePages)
        {
            return IllegalRequest(0x24, 0x00, 1, 0);
        }

        if (parameterLength == 0)
        {
            return ScsiCommandResult.Good(0);
        }

        if (!pageFormat)
        {
            return IllegalRequest(0x24, 0x00, 1, 4);
        }

        if (data.Length < parameterLength)
        {
            return CheckCondition(SenseData.Create(SenseKey.AbortedCommand, 0x4B, 0x00));
        }

        var parameters = _chunk.AsSpan(0, parameterLength);
        if (!data.TryReadFromInitiator(0, parameters))
        {
            return TransferFailed(0);
        }

        int headerLength = tenByte ? 8 : 4;
        if (parameterLength < headerLength)
        {
            return CheckCondition(SenseData.Create(SenseKey.IllegalRequest, 0x1A, 0x00));
        }

        int descriptorLength = tenByte ? ReadBe16(parameters, 6) : parameters[3];
        if (headerLength + descriptorLength > parameterLength)
        {
            return CheckCondition(SenseData.Create(SenseKey.IllegalRequest, 0x1A, 0x00));
        }

        bool longLba = tenByte && (parameters[4] & 0x01) != 0;
        int position = headerLength;
        if (descriptorLength != 0)
        {
            if (descriptorLength != (longLba ? 16 : 8))
            {
                return InvalidParameter(0x26, tenByte ? 6 : 3);
            }

            int blockLengthOffset = longLba ? position + 12 : position + 4;
            uint blockLength = ReadBe32(parameters, blockLengthOffset) & (longLba ? 0xFFFF_FFFFu : 0x00FF_FFFFu);
            if (blockLength != 0 && blockLength != (uint)BlockSize)
            {
                return InvalidParameter(0x26, blockLengthOffset);
            }

            position += descriptorLength;
        }

        bool newWriteCache = WriteCacheEnabled;
        Span<byte> current = stackalloc byte[CachingPageLength];
        while (position < parameterLength)
        {
            if (parameterLength - position < 2)
            {
                return CheckCondition(SenseData.Create(SenseKey.IllegalRequest, 0x1A, 0x00));
            }

            byte pageCode = (byte)(parameters[position] & 0x3F);
            bool subpageFormat = (parameters[position] & 0x40) != 0;
            int pageLength = parameters[position + 1] + 2;
            if (position + pageLength > parameterLength)
            {
                return CheckCondition(SenseData.Create(SenseKey.IllegalRequest, 0x1A, 0x00));
            }

            var received = parameters.Slice(position, pageLength);
            if (subpageFormat)
            {
                return InvalidParameter(0x26, position);
            }

            if (pageCode == CachingPage && pageLength == CachingPageLength)
            {
                // Only WCE may change; every other field must repeat the current value.
                BuildCachingPage(current, PageControl.Current);
                int mismatch = FirstMismatch(received, current, WceBit);
                if (mismatch >= 0)
                {
                    return InvalidParameter(0x26, position + mismatch);
                }

                newWriteCache = (received[2] & WceBit) != 0;
            }
            else if (pageCode == ControlPage && pageLength == ControlPageLength)
            {
                var control = current[..ControlPageLength];
                BuildControlPage(control, PageControl.Current);
                int mismatch = FirstMismatch(received, control, 0);
                if (mismatch >= 0)
                {
                    return InvalidParameter(0x26, position + mismatch);
                }
            }
            else
            {
                return InvalidParameter(0x26, pageCode is CachingPage or ControlPage ? position + 1 : position);
            }

            position += pageLength;
        }

        WriteCacheEnabled = newWriteCache;
        return ScsiCommandResult.Good(parameterLength);
    }

    /// <summary>The first byte where a received page differs from ours outside the changeable bits of byte 2 (the PS
    /// bit of byte 0 is ignored), or -1.</summary>
    private static int FirstMismatch(ReadOnlySpan<byte> received, ReadOnlySpan<byte> current, byte changeableInByte2)
    {
        for (int i = 0; i < received.Length; i++)
        {
            int mask = i switch
            {
                0 => 0x7F,
                2 => 0xFF & ~changeableInByte2,
                _ => 0xFF,
            };
            if ((received[i] & mask) != (current[i] & mask))
            {
                return i;
            }
        }

        return -1;
    }
}
