using System.Buffers.Binary;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>The CONFIG message (function 0x04): page headers and page reads, as QEMU <c>mptsas_process_config</c>.</summary>
public sealed partial class Sas1068Controller
{
    private MpiConfigPages? _configPages;
    private byte[]? _configPage;

    private MpiConfigPages ConfigPages => _configPages ??= new MpiConfigPages(Pci, _targets, NumberOfPorts);

    /// <summary>
    /// Answers a CONFIG request. PAGE_HEADER and PAGE_DEFAULT return the header only; READ_CURRENT, READ_DEFAULT and
    /// READ_NVRAM also DMA the page (at most the SGE's length) to the PageBufferSGE (the IOC keeps no NVRAM, so all
    /// reads see the current values); WRITE_CURRENT / WRITE_NVRAM are refused with CONFIG_CANT_COMMIT. An unknown page
    /// type is CONFIG_INVALID_TYPE, an unknown page of a known type, or a PageAddress naming nothing, CONFIG_INVALID_PAGE.
    /// </summary>
    private Span<byte> ProcessConfig(ReadOnlySpan<byte> request)
    {
        var reply = BeginReply(request, MpiConfigPages.ReplySize);
        byte action = request[MpiConfigPages.ActionOffset];
        reply[MpiConfigPages.ActionOffset] = action;
        request.Slice(MpiConfigPages.HeaderOffset, 4).CopyTo(reply[MpiConfigPages.HeaderOffset..]);
        byte headerType = request[MpiConfigPages.HeaderOffset + 3];
        byte number = request[MpiConfigPages.HeaderOffset + 2];
        bool extended = (headerType & MpiConfigPages.TypeMask) == MpiConfigPages.TypeExtended;
        byte type = extended ? request[MpiConfigPages.ExtPageTypeOffset] : (byte)(headerType & MpiConfigPages.TypeMask);
        if (extended)
        {
            if (type <= MpiConfigPages.TypeMask)
            {
                SetIocStatus(reply, MpiIocStatus.ConfigInvalidType);
                return reply;
            }

            reply[MpiConfigPages.ExtPageTypeOffset] = type;
        }

        if (action > MpiConfigPages.ActionReadNvram)
        {
            SetIocStatus(reply, MpiIocStatus.ConfigInvalidAction);
            return reply;
        }

        _configPage ??= new byte[Math.Max(256, ConfigPages.MaximumPageSize)];
        uint pageAddress = BinaryPrimitives.ReadUInt32LittleEndian(request[MpiConfigPages.PageAddressOffset..]);
        int length = ConfigPages.TryBuild(type, number, pageAddress, _configPage, out byte version);
        if (length == 0)
        {
            SetIocStatus(reply, MpiConfigPages.IsKnownType(type) ? MpiIocStatus.ConfigInvalidPage : MpiIocStatus.ConfigInvalidType);
            return reply;
        }

        if (length < 0)
        {
            SetIocStatus(reply, MpiIocStatus.ConfigInvalidPage);
            return reply;
        }

        if (action is MpiConfigPages.ActionWriteCurrent or MpiConfigPages.ActionWriteNvram)
        {
            // Nothing in this IOC is changeable: the host's page is not taken.
            SetIocStatus(reply, MpiIocStatus.ConfigCantCommit);
            return reply;
        }

        if (action is MpiConfigPages.ActionReadCurrent or MpiConfigPages.ActionReadDefault or MpiConfigPages.ActionReadNvram)
        {
            uint flagsLength = BinaryPrimitives.ReadUInt32LittleEndian(request[MpiConfigPages.PageBufferSgeOffset..]);
            int bufferLength = (int)(flagsLength & MpiSge.SimpleLengthMask);
            if (bufferLength != 0)
            {
                ulong address = (flagsLength & MpiSge.Address64) != 0
                    ? BinaryPrimitives.ReadUInt64LittleEndian(request[(MpiConfigPages.PageBufferSgeOffset + 4)..])
                    : BinaryPrimitives.ReadUInt32LittleEndian(request[(MpiConfigPages.PageBufferSgeOffset + 4)..]);
                if (!_memory.TryWrite(address, _configPage.AsSpan(0, Math.Min(length, bufferLength))))
                {
                    // The page could not be delivered (a bus error on the host's buffer).
                    SetIocStatus(reply, MpiIocStatus.InternalError);
                    return reply;
                }
            }
        }

        // The reply header carries the page's real version and length, as firmware answers PAGE_HEADER.
        reply[MpiConfigPages.HeaderOffset] = version;
        if (extended)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(reply[MpiConfigPages.ExtPageLengthOffset..], (ushort)(length / 4));
        }
        else
        {
            reply[MpiConfigPages.HeaderOffset + 1] = (byte)(length / 4);
        }

        return reply;
    }
}
