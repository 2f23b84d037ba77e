using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.MiniportVmScsi;

/// <summary>Starting SRBs as CCBs in outgoing mailboxes, and completing them from the incoming mailboxes.</summary>
internal sealed partial class VmScsiMiniport
{
    /// <inheritdoc/>
    public bool HwStartIo(ScsiRequestBlock srb)
    {
        ArgumentNullException.ThrowIfNull(srb);
        switch (srb.Function)
        {
            case SrbFunction.ExecuteScsi:
                break;
            case SrbFunction.Shutdown:
            case SrbFunction.Flush:
                // The adapter has no cache of its own; the disk's cache is flushed by SYNCHRONIZE CACHE.
                return Finish(srb, SrbStatus.Success);
            default:
                return Finish(srb, SrbStatus.InvalidRequest);
        }

        if (!_initialized || _registers is not { } registers || _extension is not { } extension)
        {
            return Finish(srb, SrbStatus.NoHba);
        }

        if (_outstanding is not null)
        {
            return Finish(srb, SrbStatus.Busy);
        }

        if (srb.PathId != 0)
        {
            return Finish(srb, SrbStatus.InvalidPathId);
        }

        if (srb.TargetId >= MaximumTargets || srb.TargetId == HostAdapterId)
        {
            return Finish(srb, SrbStatus.InvalidTargetId);
        }

        if (srb.Lun > 31)
        {
            return Finish(srb, SrbStatus.InvalidLun);
        }

        // A MultiMaster CCB carries at most 12 CDB bytes (no READ/WRITE(16): disks up to 2 TiB).
        if (srb.CdbLength is 0 or > BusLogicHeader.MaximumCdbLength)
        {
            Log(ScsiPortErrorCode.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"a {srb.CdbLength}-byte CDB does not fit a CCB"), srb);
            return Finish(srb, SrbStatus.InvalidRequest);
        }

        // Strict round-robin: the adapter looks at the next outgoing mailbox only; it must be free.
        var memory = extension.Span;
        int slot = _nextOutgoing;
        var mailbox = memory.Slice(OutgoingOffset + (slot * BusLogicHeader.MailboxLength), BusLogicHeader.MailboxLength);
        if (mailbox[BusLogicHeader.MailboxCode] != BusLogicHeader.ActionFree)
        {
            return Finish(srb, SrbStatus.Busy);
        }

        // VENDOR: build your controller's request from the SRB and hand it over.
        var ccb = memory.Slice(SlotOffset(slot), CcbSlotLength);
        ccb.Clear();
        uint length = srb.DataBuffer is null ? 0 : srb.DataTransferLength;
        byte direction = length == 0 ? BusLogicHeader.DirectionNone
            : srb.IsDataIn && !srb.IsDataOut ? BusLogicHeader.DirectionIn
            : srb.IsDataOut && !srb.IsDataIn ? BusLogicHeader.DirectionOut
            : srb.IsDataIn ? BusLogicHeader.DirectionFromCdb
            : BusLogicHeader.DirectionNone;
        if (direction == BusLogicHeader.DirectionNone)
        {
            length = 0;
        }

        ccb[BusLogicHeader.CcbOpcode] = BusLogicHeader.OpcodeInitiatorResidual;
        if (length > 0 && !MapData(srb, length, slot, ccb))
        {
            return Finish(srb, SrbStatus.InvalidRequest);
        }

        ccb[BusLogicHeader.CcbControl] = direction;
        ccb[BusLogicHeader.CcbCdbLength] = srb.CdbLength;
        bool autosense = (srb.SrbFlags & SrbFlags.DisableAutosense) == 0 && srb.SenseInfoBuffer is not null && srb.SenseInfoBufferLength > 0;
        ccb[BusLogicHeader.CcbSenseLength] = autosense ? (byte)Math.Max(Math.Min((int)srb.SenseInfoBufferLength, SenseCapacity), 2) : BusLogicHeader.SenseNone;
        BinaryPrimitives.WriteUInt32LittleEndian(ccb[BusLogicHeader.CcbSensePointer..], (uint)(extension.PhysicalAddress + (ulong)SlotOffset(slot) + SlotSenseOffset));
        ccb[BusLogicHeader.CcbTarget] = srb.TargetId;
        ccb[BusLogicHeader.CcbLun] = srb.Lun;
        srb.Cdb.CopyTo(ccb[BusLogicHeader.CcbCdb..]);

        _outstanding = srb;
        _outstandingSlot = slot;
        _nextOutgoing = (slot + 1) % MailboxCount;

        // The CCB address is in the mailbox before the action code that hands it over; then Execute Mailbox
        // Command, which needs no HARDY wait.
        BinaryPrimitives.WriteUInt32LittleEndian(mailbox, CcbAddress(slot));
        mailbox[BusLogicHeader.MailboxCode] = BusLogicHeader.ActionStart;
        registers.Write8(BusLogicHeader.PortCommandDataIn, BusLogicHeader.CommandExecuteMailbox);
        return true;
    }

    /// <inheritdoc/>
    public bool HwInterrupt()
    {
        if (!_initialized || _registers is not { } registers)
        {
            return false;
        }

        // VENDOR: how your controller says it has finished something.
        byte interrupt = registers.Read8(BusLogicHeader.PortInterrupt);
        if ((interrupt & BusLogicHeader.InterruptValid) == 0)
        {
            return false;
        }

        // Acknowledge first, then scan: a completion posted during the scan latches IMBL again.
        registers.Write8(BusLogicHeader.PortControlStatus, BusLogicHeader.ControlInterruptReset);
        if ((interrupt & BusLogicHeader.InterruptIncomingMailboxLoaded) != 0)
        {
            ScanIncomingMailboxes();
        }

        return true;
    }

    /// <summary>Physical segments of the SRB: one goes straight into the CCB's data pointer, more become an SG list
    /// (opcode 04, the data length then being the list's byte length).</summary>
    private bool MapData(ScsiRequestBlock srb, uint length, int slot, Span<byte> ccb)
    {
        if (srb.DataBuffer is not { } data || data.ByteCount < length)
        {
            Log(ScsiPortErrorCode.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"SRB asks for {length} bytes but its buffer holds {srb.DataBuffer?.ByteCount ?? 0}"), srb);
            return false;
        }

        ulong address = _port.GetPhysicalAddress(srb, 0, out uint contiguous);
        if (contiguous >= length)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(ccb[BusLogicHeader.CcbDataLength..], length);
            BinaryPrimitives.WriteUInt32LittleEndian(ccb[BusLogicHeader.CcbDataPointer..], (uint)address);
            return true;
        }

        var list = ccb.Slice(SlotSgOffset, SgCapacity * BusLogicHeader.SgElementLength);
        int count = 0;
        long offset = 0;
        while (offset < length)
        {
            if (offset > 0)
            {
                address = _port.GetPhysicalAddress(srb, offset, out contiguous);
            }

            if (count == SgCapacity)
            {
                Log(ScsiPortErrorCode.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"a {length}-byte SRB needs more than {SgCapacity} SG elements"), srb);
                return false;
            }

            uint piece = (uint)Math.Min(contiguous, length - offset);
            var element = list.Slice(count * BusLogicHeader.SgElementLength, BusLogicHeader.SgElementLength);
            BinaryPrimitives.WriteUInt32LittleEndian(element, piece);
            BinaryPrimitives.WriteUInt32LittleEndian(element[4..], (uint)address);
            count++;
            offset += piece;
        }

        ccb[BusLogicHeader.CcbOpcode] = BusLogicHeader.OpcodeInitiatorScatterGatherResidual;
        BinaryPrimitives.WriteUInt32LittleEndian(ccb[BusLogicHeader.CcbDataLength..], (uint)(count * BusLogicHeader.SgElementLength));
        BinaryPrimitives.WriteUInt32LittleEndian(ccb[BusLogicHeader.CcbDataPointer..], CcbAddress(slot) + SlotSgOffset);
        return true;
    }

    /// <summary>Consumes loaded incoming mailboxes in ring order (at most one ring's worth per call).</summary>
    private void ScanIncomingMailboxes()
    {
        var memory = _extension!.Span;
        for (int budget = MailboxCount; budget > 0; budget--)
        {
            var mailbox = memory.Slice(IncomingOffset + (_nextIncoming * BusLogicHeader.MailboxLength), BusLogicHeader.MailboxLength);
            byte completion = mailbox[BusLogicHeader.MailboxCode];
            if (completion == BusLogicHeader.CompletionFree)
            {
                return;
            }

            uint ccb = BinaryPrimitives.ReadUInt32LittleEndian(mailbox);
            byte hostStatus = mailbox[BusLogicHeader.MailboxHostStatus];
            byte targetStatus = mailbox[BusLogicHeader.MailboxTargetStatus];
            mailbox[BusLogicHeader.MailboxCode] = BusLogicHeader.CompletionFree;
            _nextIncoming = (_nextIncoming + 1) % MailboxCount;
            CompleteRequest(ccb, completion, hostStatus, targetStatus);
        }
    }

    private void CompleteRequest(uint ccbAddress, byte completion, byte hostStatus, byte targetStatus)
    {
        if (_outstanding is not { } srb || ccbAddress != CcbAddress(_outstandingSlot))
        {
            Log(ScsiPortErrorCode.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"incoming mailbox for CCB 0x{ccbAddress:X} (completion {completion}, host status 0x{hostStatus:X2}), which is not outstanding; ignored"));
            return;
        }

        if (completion == BusLogicHeader.CompletionAbortNotFound)
        {
            // An abort's own answer: the CCB it named completes (or completed) through its own mailbox.
            return;
        }

        _outstanding = null;
        var ccb = _extension!.Span.Slice(SlotOffset(_outstandingSlot), CcbSlotLength);
        uint residual = BinaryPrimitives.ReadUInt32LittleEndian(ccb[BusLogicHeader.CcbDataLength..]);
        uint requested = srb.DataTransferLength;
        uint transferred = srb.DataBuffer is null ? 0 : requested - Math.Min(residual, requested);
        srb.ScsiStatus = (ScsiStatus)targetStatus;

        // VENDOR: map your controller's completion status to the SRB status.
        SrbStatus status = completion switch
        {
            BusLogicHeader.CompletionWithoutError => Delivered(srb, transferred, ccb),
            BusLogicHeader.CompletionAborted => SrbStatus.Aborted,
            BusLogicHeader.CompletionWithError => MapHostStatus(srb, hostStatus, transferred, ccb),
            _ => Unexpected(srb, string.Create(CultureInfo.InvariantCulture, $"completion code {completion} (host status 0x{hostStatus:X2})")),
        };

        srb.SrbStatus = status;
        _port.Notification(ScsiNotificationType.RequestComplete, srb);
        _port.Notification(ScsiNotificationType.NextRequest);
    }

    /// <summary>Host adapter status to SRB status, as the BusLogic miniports map it (Linux: blogic_resultcode).</summary>
    private SrbStatus MapHostStatus(ScsiRequestBlock srb, byte hostStatus, uint transferred, ReadOnlySpan<byte> ccb)
    {
        switch (hostStatus)
        {
            case BusLogicHeader.HostCommandCompleted:
            case BusLogicHeader.HostLinkedCommandCompleted:
            case BusLogicHeader.HostLinkedCommandCompletedWithFlag:
                return Delivered(srb, transferred, ccb);
            case BusLogicHeader.HostSelectionTimeout:
                return SrbStatus.SelectionTimeout;
            case BusLogicHeader.HostDataUnderrun:
            case BusLogicHeader.HostDataOverrun:
                srb.DataTransferLength = transferred;
                return SrbStatus.DataOverrun;
            case BusLogicHeader.HostUnexpectedBusFree:
                return SrbStatus.UnexpectedBusFree;
            case BusLogicHeader.HostInvalidBusPhase:
                return SrbStatus.PhaseSequenceFailure;
            case BusLogicHeader.HostTagQueueRejected:
            case BusLogicHeader.HostUnsupportedMessage:
                return SrbStatus.MessageRejected;
            case BusLogicHeader.HostAutoSenseFailed:
                return SrbStatus.RequestSenseFailed;
            case BusLogicHeader.HostParityError:
                return SrbStatus.ParityError;
            case BusLogicHeader.HostAssertedReset:
            case BusLogicHeader.HostOtherDeviceAssertedReset:
            case BusLogicHeader.HostAssertedBusDeviceReset:
            case BusLogicHeader.HostTargetIgnoredAtn:
                return SrbStatus.BusReset;
            case BusLogicHeader.HostAbortQueueGenerated:
                return SrbStatus.Aborted;
            case BusLogicHeader.HostInvalidOutgoingAction:
            case BusLogicHeader.HostInvalidCcbOpcode:
            case BusLogicHeader.HostInvalidCommandParameter:
            case BusLogicHeader.HostLinkedCcbBadLun:
                // The driver built something the firmware refused: a driver protocol error.
                Log(ScsiPortErrorCode.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"the adapter refused the CCB with host status 0x{hostStatus:X2}"), srb);
                return SrbStatus.Error;
            default:
                Log(ScsiPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"the adapter ended the request with host status 0x{hostStatus:X2}"), srb);
                return SrbStatus.Error;
        }
    }

    /// <summary>The command reached the target: GOOD (maybe short, reported the Windows way as DATA_OVERRUN with the
    /// length lowered), CHECK CONDITION with autosense, or another SCSI status as ERROR.</summary>
    private static SrbStatus Delivered(ScsiRequestBlock srb, uint transferred, ReadOnlySpan<byte> ccb)
    {
        uint requested = srb.DataTransferLength;
        if (transferred < requested)
        {
            srb.DataTransferLength = transferred;
        }

        if (srb.ScsiStatus == ScsiStatus.Good)
        {
            return transferred < requested ? SrbStatus.DataOverrun : SrbStatus.Success;
        }

        return srb.ScsiStatus == ScsiStatus.CheckCondition && CopySense(srb, ccb)
            ? SrbStatus.Error.With(SrbStatus.AutosenseValid)
            : SrbStatus.Error;
    }

    private SrbStatus Unexpected(ScsiRequestBlock srb, string what)
    {
        Log(ScsiPortErrorCode.ProtocolError, $"unexpected {what}", srb);
        return SrbStatus.Error;
    }

    private static bool CopySense(ScsiRequestBlock srb, ReadOnlySpan<byte> ccb)
    {
        byte stored = ccb[BusLogicHeader.CcbSenseLength];
        if (stored == BusLogicHeader.SenseNone || srb.SenseInfoBuffer is not { } buffer || srb.SenseInfoBufferLength == 0)
        {
            return false;
        }

        int count = Math.Min(Math.Min((int)stored, srb.SenseInfoBufferLength), buffer.Length);
        ccb.Slice(SlotSenseOffset, count).CopyTo(buffer.Span);
        srb.SenseInfoBufferLength = (byte)count;
        return true;
    }

    private bool Finish(ScsiRequestBlock srb, SrbStatus status)
    {
        srb.SrbStatus = status;
        _port.Notification(ScsiNotificationType.RequestComplete, srb);
        _port.Notification(ScsiNotificationType.NextRequest);
        return true;
    }

    private static int SlotOffset(int slot) => CcbSlotsOffset + (slot * CcbSlotLength);

    private uint CcbAddress(int slot) => (uint)(_extension!.PhysicalAddress + (ulong)SlotOffset(slot));
}
