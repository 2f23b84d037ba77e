using System.Buffers.Binary;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>SCSI IO requests, their scatter/gather lists and autosense, and task management.</summary>
public sealed partial class Sas1068Controller
{
    private void ProcessScsiIo(ulong frameAddress, ReadOnlySpan<byte> frame)
    {
        byte targetId = frame[0];
        byte cdbLength = frame[4];
        byte senseBufferLength = frame[5];
        byte msgFlags = frame[7];
        byte lun = frame[0x0D];
        uint control = BinaryPrimitives.ReadUInt32LittleEndian(frame[0x14..]);
        uint dataLength = BinaryPrimitives.ReadUInt32LittleEndian(frame[0x28..]);
        uint direction = control & MpiScsiIo.ControlDirectionMask;
        var declared = direction switch
        {
            MpiScsiIo.ControlWrite => ScsiDataDirection.Out,
            MpiScsiIo.ControlRead => ScsiDataDirection.In,
            _ => ScsiDataDirection.None,
        };

        // Validation order as QEMU: bus, target, device, then the frame's own fields and its SGL.
        ushort status = MpiIocStatus.Success;
        IScsiTarget? target = null;
        if (frame[1] != 0)
        {
            status = MpiIocStatus.ScsiInvalidBus;
        }
        else if (targetId >= _maxDevices)
        {
            status = MpiIocStatus.ScsiInvalidTargetId;
        }
        else if (!_portEnabled || (target = _targets[targetId]) is null)
        {
            status = MpiIocStatus.ScsiDeviceNotThere;
        }
        else if (cdbLength == 0 || cdbLength > MpiScsiIo.MaximumCdbLength || (control & MpiScsiIo.ControlAdditionalCdbMask) != 0
            || direction == MpiScsiIo.ControlDirectionMask || (msgFlags & MpiScsiIo.MsgFlagsSenseInIoc) != 0)
        {
            status = MpiIocStatus.InvalidField;
        }
        else
        {
            // The IOC's DMA engine moves data only the way the Control field declares.
            _transfer.Begin(declared);
            status = BuildScatterGatherList(frameAddress, frame[2], dataLength);
        }

        if (status != MpiIocStatus.Success)
        {
            QueueScsiIoReply(frame, turbo: false, ScsiStatus.Good, MpiScsiIo.StateNoScsiStatus, status, 0, 0);
            return;
        }

        var cdb = frame.Slice(0x18, cdbLength);
        // As QEMU mptsas: a CDB that moves more than DataLength, or in another direction than the Control field
        // declares (a command that moves nothing must declare no transfer), is a data overrun, never a truncated success.
        long expected = target!.GetTransferLength(cdb);
        var needed = expected == 0 ? ScsiDataDirection.None : target.GetDataDirection(cdb);
        if (expected > dataLength || (expected >= 0 && needed != declared))
        {
            QueueScsiIoReply(frame, turbo: false, ScsiStatus.Good, MpiScsiIo.StateNoScsiStatus, MpiIocStatus.ScsiDataOverrun, 0, 0);
            return;
        }

        var result = target.Execute(lun, cdb, _transfer);
        uint transferred = (uint)Math.Clamp(result.TransferredBytes, 0, dataLength);
        if (result.DataTransferFailed || _transfer.Failed)
        {
            // The DMA engine hit a bus error (unmapped memory) or the target moved data against the declared direction.
            QueueScsiIoReply(frame, turbo: false, result.Status, 0, MpiIocStatus.ScsiIoDataError, transferred, 0);
            return;
        }

        if (result.Status == ScsiStatus.Good)
        {
            if (transferred == dataLength)
            {
                QueueScsiIoReply(frame, turbo: true, ScsiStatus.Good, 0, MpiIocStatus.Success, transferred, 0);
            }
            else
            {
                QueueScsiIoReply(frame, turbo: false, ScsiStatus.Good, 0, MpiIocStatus.ScsiDataUnderrun, transferred, 0);
            }

            return;
        }

        // Non-GOOD: DMA the sense first, then an address reply. IOCStatus describes the transport (SUCCESS).
        byte state = 0;
        uint senseCount = 0;
        var sense = result.Sense.Span;
        if (!sense.IsEmpty && senseBufferLength != 0)
        {
            int count = Math.Min(sense.Length, senseBufferLength);
            ulong high = (msgFlags & MpiScsiIo.MsgFlagsSense64) != 0 ? _senseBufferHigh : 0;
            ulong senseAddress = high | BinaryPrimitives.ReadUInt32LittleEndian(frame[0x2C..]);
            if (_memory.TryWrite(senseAddress, sense[..count]))
            {
                state = MpiScsiIo.StateAutosenseValid;
                senseCount = (uint)count;
            }
            else
            {
                state = MpiScsiIo.StateAutosenseFailed;
            }
        }

        QueueScsiIoReply(frame, turbo: false, result.Status, state, MpiIocStatus.Success, transferred, senseCount);
    }

    private void QueueScsiIoReply(ReadOnlySpan<byte> frame, bool turbo, ScsiStatus scsiStatus, byte scsiState, ushort iocStatus, uint transferCount, uint senseCount)
    {
        var reply = BeginReply(frame, MpiScsiIo.ReplySize);
        reply[0] = frame[0];
        reply[1] = frame[1];
        reply[4] = frame[4];
        reply[5] = frame[5];
        reply[7] = frame[7];
        reply[0x0C] = (byte)scsiStatus;
        reply[0x0D] = scsiState;
        SetIocStatus(reply, iocStatus);
        BinaryPrimitives.WriteUInt32LittleEndian(reply[0x14..], transferCount);
        BinaryPrimitives.WriteUInt32LittleEndian(reply[0x18..], senseCount);
        BinaryPrimitives.WriteUInt16LittleEndian(reply[0x20..], 0xFFFF);
        QueueReply(turbo, BinaryPrimitives.ReadUInt32LittleEndian(frame[8..]), reply, isScsiIo: true, frame[0], frame[0x0D]);
    }

    /// <summary>
    /// Walks the request's SGL (simple elements in the frame after the 48-byte header, then in chain segments) into
    /// the data transfer. Mirrors the IOC's rules: only simple elements where data is expected, chain elements only
    /// at the chain offset, elements inside their segment, zero length only with END_OF_LIST / END_OF_BUFFER.
    /// </summary>
    /// <returns>SUCCESS, or INVALID_SGL when the list is malformed, unreadable or shorter than DataLength.</returns>
    private ushort BuildScatterGatherList(ulong frameAddress, byte chainOffsetDwords, uint dataLength)
    {
        ulong containerEnd = frameAddress + (RequestFrameSizeDwords * 4);
        ulong chainPosition = 0;
        if (chainOffsetDwords != 0)
        {
            chainPosition = frameAddress + (chainOffsetDwords * 4u);
            if (chainOffsetDwords * 4 < MpiScsiIo.RequestSize)
            {
                return MpiIocStatus.InvalidSgl;
            }
        }

        ulong position = frameAddress + MpiScsiIo.RequestSize;
        uint left = dataLength;
        int chains = 0;
        var word = _scratch.AsSpan(0, 4);
        var address = _scratch.AsSpan(4, 8);
        while (true)
        {
            if (chainPosition != 0 && position == chainPosition)
            {
                // Follow the chain element into the next segment.
                if (++chains > MaximumChainDepth || position + 4 > containerEnd || !_memory.TryRead(position, word))
                {
                    return MpiIocStatus.InvalidSgl;
                }

                uint chain = BinaryPrimitives.ReadUInt32LittleEndian(word);
                int chainSize = (chain & MpiSge.Address64) != 0 ? 12 : 8;
                if ((chain & MpiSge.ElementTypeMask) != MpiSge.ChainElement || (chain & MpiSge.LocalAddress) != 0
                    || position + (ulong)chainSize > containerEnd || !TryReadSgeAddress(position, chain, address, out ulong segment))
                {
                    return MpiIocStatus.InvalidSgl;
                }

                uint segmentLength = chain & MpiSge.ChainLengthMask;
                uint nextChain = (chain >> MpiSge.ChainOffsetShift) & 0xFF;
                if (segmentLength == 0 || (nextChain != 0 && nextChain * 4 >= segmentLength))
                {
                    return MpiIocStatus.InvalidSgl;
                }

                position = segment;
                containerEnd = segment + segmentLength;
                chainPosition = nextChain != 0 ? segment + (nextChain * 4) : 0;
                continue;
            }

            ulong elementsEnd = chainPosition != 0 && chainPosition > position ? chainPosition : containerEnd;
            if (position + 4 > elementsEnd || !_memory.TryRead(position, word))
            {
                return MpiIocStatus.InvalidSgl;
            }

            uint flagsLength = BinaryPrimitives.ReadUInt32LittleEndian(word);
            uint length = flagsLength & MpiSge.SimpleLengthMask;
            if ((flagsLength & MpiSge.ElementTypeMask) != MpiSge.SimpleElement || (flagsLength & MpiSge.LocalAddress) != 0
                || (length == 0 && (flagsLength & (MpiSge.EndOfList | MpiSge.EndOfBuffer)) == 0))
            {
                return MpiIocStatus.InvalidSgl;
            }

            uint take = Math.Min(length, left);
            if (take == 0)
            {
                // DataLength is covered: further elements are ignored.
                break;
            }

            int elementSize = (flagsLength & MpiSge.Address64) != 0 ? 12 : 8;
            if (position + (ulong)elementSize > elementsEnd || !TryReadSgeAddress(position, flagsLength, address, out ulong bufferAddress))
            {
                return MpiIocStatus.InvalidSgl;
            }

            _transfer.Add(bufferAddress, take);
            left -= take;
            position += (ulong)elementSize;
            if (left == 0 || (flagsLength & MpiSge.EndOfList) != 0)
            {
                break;
            }

            if ((flagsLength & MpiSge.LastElement) != 0)
            {
                if (chainPosition == 0)
                {
                    break;
                }

                position = chainPosition;
            }
        }

        return left == 0 ? MpiIocStatus.Success : MpiIocStatus.InvalidSgl;
    }

    private bool TryReadSgeAddress(ulong element, uint flagsLength, Span<byte> buffer, out ulong address)
    {
        if ((flagsLength & MpiSge.Address64) != 0)
        {
            bool ok = _memory.TryRead(element + 4, buffer[..8]);
            address = ok ? BinaryPrimitives.ReadUInt64LittleEndian(buffer) : 0;
            return ok;
        }

        bool read = _memory.TryRead(element + 4, buffer[..4]);
        address = read ? BinaryPrimitives.ReadUInt32LittleEndian(buffer) : 0;
        return read;
    }

    private void ProcessTaskManagement(ReadOnlySpan<byte> request)
    {
        var reply = BeginReply(request, MpiTaskManagement.ReplySize);
        byte targetId = request[0];
        byte lun = request[0x0D];
        byte taskType = request[5];
        reply[0] = targetId;
        reply[1] = request[1];
        reply[5] = taskType;
        reply[7] = request[7];
        ushort status = MpiIocStatus.Success;
        byte response = MpiTaskManagement.ResponseComplete;
        uint terminated = 0;
        IScsiTarget? target = targetId < _maxDevices ? _targets[targetId] : null;
        if (request[1] != 0)
        {
            status = MpiIocStatus.ScsiInvalidBus;
        }
        else if (taskType == MpiTaskManagement.ResetBus)
        {
            terminated = TerminateOutstanding(targetId: -1, lun: -1, context: null);
            foreach (var each in _targets)
            {
                each?.Reset();
            }
        }
        else if (targetId >= _maxDevices)
        {
            status = MpiIocStatus.ScsiInvalidTargetId;
        }
        else if (target is null || !_portEnabled)
        {
            status = MpiIocStatus.ScsiDeviceNotThere;
        }
        else
        {
            switch (taskType)
            {
                case MpiTaskManagement.TargetReset:
                    terminated = TerminateOutstanding(targetId, lun: -1, context: null);
                    target.Reset();
                    break;
                case MpiTaskManagement.LogicalUnitReset:
                    terminated = TerminateOutstanding(targetId, lun, context: null);
                    target.Reset();
                    break;
                case MpiTaskManagement.AbortTaskSet:
                case MpiTaskManagement.ClearTaskSet:
                    terminated = TerminateOutstanding(targetId, lun, context: null);
                    break;
                case MpiTaskManagement.AbortTask:
                    terminated = TerminateOutstanding(targetId, lun, BinaryPrimitives.ReadUInt32LittleEndian(request[0x30..]));
                    break;
                case MpiTaskManagement.QueryTask:
                    response = IsOutstanding(targetId, BinaryPrimitives.ReadUInt32LittleEndian(request[0x30..]))
                        ? MpiTaskManagement.ResponseSucceeded
                        : MpiTaskManagement.ResponseComplete;
                    break;
                default:
                    response = MpiTaskManagement.ResponseNotSupported;
                    break;
            }
        }

        reply[4] = response;
        SetIocStatus(reply, status);
        BinaryPrimitives.WriteUInt32LittleEndian(reply[0x14..], terminated);
        Deliver(reply, ReplyRoute.Fifo);
    }

    /// <summary>Turns the not-yet-posted replies of matching SCSI IO requests into TASK_TERMINATED address replies.</summary>
    private uint TerminateOutstanding(int targetId, int lun, uint? context)
    {
        uint count = 0;
        for (int position = 0; position < _pending.Count; position++)
        {
            int index = _pending.IndexOf(position);
            ref var entry = ref _pending.Entry(index);
            if (!entry.IsScsiIo || (targetId >= 0 && entry.TargetId != targetId) || (lun >= 0 && entry.Lun != lun)
                || (context is { } wanted && entry.Context != wanted))
            {
                continue;
            }

            var slot = _pending.Slot(index);
            slot[0x0C] = (byte)ScsiStatus.Good;
            slot[0x0D] = MpiScsiIo.StateNoScsiStatus;
            SetIocStatus(slot, MpiIocStatus.ScsiTaskTerminated);
            slot.Slice(0x14, 8).Clear();
            entry.Turbo = false;
            entry.Length = MpiScsiIo.ReplySize;
            entry.IsScsiIo = false;
            count++;
        }

        return count;
    }

    private bool IsOutstanding(byte targetId, uint context)
    {
        for (int position = 0; position < _pending.Count; position++)
        {
            ref var entry = ref _pending.Entry(_pending.IndexOf(position));
            if (entry.IsScsiIo && entry.TargetId == targetId && entry.Context == context)
            {
                return true;
            }
        }

        return false;
    }
}
