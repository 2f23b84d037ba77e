using System.Buffers.Binary;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.MiniportLsiSas;

/// <summary>HwStartIo and HwInterrupt: SCSI IO requests through the request FIFO, completions from the reply FIFO.</summary>
internal sealed partial class LsiSasMiniport
{
    public bool HwStartIo(ScsiRequestBlock srb)
    {
        ArgumentNullException.ThrowIfNull(srb);
        switch (srb.Function)
        {
            case SrbFunction.ExecuteScsi:
                break;
            case SrbFunction.Shutdown:
            case SrbFunction.Flush:
                // The IOC has no cache of its own: the disk's SYNCHRONIZE CACHE already made the data durable.
                Complete(srb, SrbStatus.Success);
                return true;
            default:
                Complete(srb, SrbStatus.InvalidRequest);
                return true;
        }

        if (!_initialized)
        {
            Complete(srb, SrbStatus.NoHba);
            return true;
        }

        if (srb.PathId != 0)
        {
            Complete(srb, SrbStatus.InvalidPathId);
            return true;
        }

        if (srb.TargetId >= MaximumTargets)
        {
            Complete(srb, SrbStatus.InvalidTargetId);
            return true;
        }

        if (_active is not null)
        {
            // One request at a time: the port resubmits a BUSY request later.
            Complete(srb, SrbStatus.Busy);
            return true;
        }

        if ((Read(Mpi.Doorbell) >> Mpi.StateShift) == Mpi.StateFault && !RecoverFromFault(null))
        {
            Complete(srb, SrbStatus.Error);
            return true;
        }

        // VENDOR: build your controller's request from the SRB (CDB, data direction, scatter/gather list) and post it.
        if (!BuildScsiIoRequest(srb, out uint context))
        {
            Complete(srb, SrbStatus.InvalidRequest);
            return true;
        }

        _active = srb;
        _activeContext = context;
        Write(Mpi.RequestQueue, (uint)Physical(RequestFrameOffset));
        return true;
    }

    public bool HwInterrupt()
    {
        if (!_initialized)
        {
            return false;
        }

        // VENDOR: the port polls this; check your completion queue and complete finished SRBs.
        bool serviced = false;
        if ((Read(Mpi.HostInterruptStatus) & Mpi.HisReplyInterrupt) != 0)
        {
            // Drain the reply post FIFO; the empty read also clears the reply interrupt.
            for (uint descriptor = Read(Mpi.ReplyQueue); descriptor != Mpi.ReplyQueueEmpty; descriptor = Read(Mpi.ReplyQueue))
            {
                serviced = true;
                HandleReplyDescriptor(descriptor);
            }
        }

        if (!serviced && _active is not null)
        {
            uint doorbell = Read(Mpi.Doorbell);
            if (doorbell >> Mpi.StateShift == Mpi.StateFault)
            {
                // The IOC died with our request in it: reset it and give the request back as lost to a bus reset.
                var srb = _active;
                _active = null;
                RecoverFromFault(srb);
                Complete(srb, SrbStatus.BusReset);
                serviced = true;
            }
        }

        return serviced;
    }

    /// <summary>Fills the request frame (and chain frames) for an EXECUTE_SCSI SRB.</summary>
    private bool BuildScsiIoRequest(ScsiRequestBlock srb, out uint context)
    {
        context = 0;
        if (srb.CdbLength is 0 or > ScsiRequestBlock.MaximumCdbLength)
        {
            _port.LogError(srb, SpProtocolError, $"{_name}: CDB length {srb.CdbLength} is not supported.");
            return false;
        }

        bool dataIn = srb.IsDataIn;
        bool dataOut = srb.IsDataOut;
        if (dataIn && dataOut)
        {
            _port.LogError(srb, SpProtocolError, $"{_name}: bidirectional (unspecified direction) transfers are not supported.");
            return false;
        }

        uint dataLength = dataIn || dataOut ? srb.DataTransferLength : 0;
        if (dataLength > MaximumTransferBytes)
        {
            _port.LogError(srb, SpProtocolError, $"{_name}: {dataLength} bytes exceed the maximum transfer length {MaximumTransferBytes}.");
            return false;
        }

        int elements = 0;
        if (dataLength > 0 && !CollectElements(srb, dataLength, out elements))
        {
            return false;
        }

        var frame = Extension(RequestFrameOffset, FrameSize);
        frame.Clear();
        frame[0] = srb.TargetId;
        frame[3] = Mpi.FunctionScsiIo;
        frame[4] = srb.CdbLength;
        frame[5] = SenseLengthFor(srb);
        frame[7] = Mpi.MsgFlagsSense64;
        _sequence = (_sequence + 1) & 0x1FFF;

        // Bits 31:29 stay clear so a turbo reply cannot look like an address reply; bits 28:16 tell replies apart.
        context = _sequence << 16;
        BinaryPrimitives.WriteUInt32LittleEndian(frame[0x08..], context);
        frame[0x0D] = srb.Lun;
        uint control = dataIn ? Mpi.ControlRead : dataOut ? Mpi.ControlWrite : 0;
        control |= TaskAttribute(srb);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[0x14..], control);
        srb.Cdb.CopyTo(frame[0x18..]);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[0x28..], dataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[0x2C..], (uint)Physical(SenseBufferOffset));
        WriteScatterGatherList(frame, elements, dataOut);
        return true;
    }

    /// <summary>Takes the port's scatter/gather list, split so that no element exceeds the 24-bit SGE length.</summary>
    private bool CollectElements(ScsiRequestBlock srb, uint dataLength, out int count)
    {
        count = 0;
        long covered = 0;
        foreach (var segment in _port.GetScatterGatherList(srb))
        {
            ulong address = segment.Address;
            long left = Math.Min(segment.Length, dataLength - covered);
            while (left > 0)
            {
                if (count == _elements.Length)
                {
                    _port.LogError(srb, SpProtocolError, $"{_name}: the data needs more than {MaximumElements} scatter/gather elements.");
                    return false;
                }

                uint piece = (uint)Math.Min(left, Mpi.SgeSimpleMaximumLength);
                _elements[count++] = new(address, piece);
                address += piece;
                left -= piece;
                covered += piece;
            }

            if (covered == dataLength)
            {
                break;
            }
        }

        if (covered != dataLength)
        {
            _port.LogError(srb, SpProtocolError, $"{_name}: the scatter/gather list covers {covered} of {dataLength} bytes.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// 64-bit simple elements after the header; when they do not fit, the main frame keeps all but one slot and
    /// ends in a chain element, and each chain frame ends in the next chain element until the rest fits.
    /// </summary>
    private void WriteScatterGatherList(Span<byte> frame, int count, bool dataOut)
    {
        uint direction = dataOut ? Mpi.SgeHostToIoc : 0;
        const uint Last = Mpi.SgeLastElement | Mpi.SgeEndOfBuffer | Mpi.SgeEndOfList;
        if (count == 0)
        {
            // No data: one zero-length element closing the list.
            WriteSimple(frame[Mpi.ScsiIoHeaderSize..], Last | direction, 0, 0);
            return;
        }

        if (count <= MainFrameElements)
        {
            WriteSimpleRun(frame[Mpi.ScsiIoHeaderSize..], 0, count, direction, Last);
            return;
        }

        int inMain = MainFrameElements - 1;
        int chainPosition = Mpi.ScsiIoHeaderSize + (inMain * Mpi.Sge64Size);
        WriteSimpleRun(frame[Mpi.ScsiIoHeaderSize..], 0, inMain, direction, Mpi.SgeLastElement);
        frame[2] = (byte)(chainPosition / 4);
        var chainSlot = frame[chainPosition..];
        int next = inMain;
        for (int chainIndex = 0; next < count; chainIndex++)
        {
            int remaining = count - next;
            bool more = remaining > ChainFrameElements;
            int here = more ? ChainFrameElements - 1 : remaining;
            int chainOffset = ChainFramesOffset + (chainIndex * FrameSize);
            int segmentLength = (here * Mpi.Sge64Size) + (more ? Mpi.Sge64Size : 0);
            uint nextChain = more ? (uint)(here * Mpi.Sge64Size / 4) : 0;
            BinaryPrimitives.WriteUInt32LittleEndian(chainSlot, Mpi.SgeChain | Mpi.Sge64BitAddress | (nextChain << Mpi.SgeChainOffsetShift) | (uint)segmentLength);
            BinaryPrimitives.WriteUInt64LittleEndian(chainSlot[4..], Physical(chainOffset));
            var chain = Extension(chainOffset, FrameSize);
            chain.Clear();
            WriteSimpleRun(chain, next, here, direction, more ? Mpi.SgeLastElement : Last);
            chainSlot = chain[(here * Mpi.Sge64Size)..];
            next += here;
        }
    }

    private void WriteSimpleRun(Span<byte> at, int first, int count, uint direction, uint lastFlags)
    {
        for (int i = 0; i < count; i++)
        {
            var element = _elements[first + i];
            uint flags = direction | (i == count - 1 ? lastFlags : 0);
            WriteSimple(at[(i * Mpi.Sge64Size)..], flags, element.Length, element.Address);
        }
    }

    private static void WriteSimple(Span<byte> at, uint flags, uint length, ulong address)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(at, flags | Mpi.SgeSimple | Mpi.Sge64BitAddress | length);
        BinaryPrimitives.WriteUInt64LittleEndian(at[4..], address);
    }

    private static byte SenseLengthFor(ScsiRequestBlock srb)
    {
        if ((srb.SrbFlags & SrbFlags.DisableAutosense) != 0 || srb.SenseInfoBuffer is null)
        {
            return 0;
        }

        return (byte)Math.Min(Math.Min(srb.SenseInfoBufferLength, srb.SenseInfoBuffer.Length), Math.Min(SenseBufferSize, (int)byte.MaxValue));
    }

    private static uint TaskAttribute(ScsiRequestBlock srb)
    {
        if ((srb.SrbFlags & SrbFlags.QueueActionEnable) == 0)
        {
            return Mpi.ControlSimpleQueue;
        }

        return srb.QueueAction switch
        {
            SrbQueueAction.HeadOfQueueTag => Mpi.ControlHeadOfQueue,
            SrbQueueAction.OrderedQueueTag => Mpi.ControlOrderedQueue,
            _ => Mpi.ControlSimpleQueue,
        };
    }

    private void HandleReplyDescriptor(uint descriptor)
    {
        if ((descriptor & Mpi.AddressReply) == 0)
        {
            // Context (turbo) reply: the request succeeded with nothing left over.
            if (descriptor >> Mpi.ContextReplyTypeShift != 0 || _active is null || descriptor != _activeContext)
            {
                _port.LogError(null, SpProtocolError, $"{_name}: unexpected context reply 0x{descriptor:X8}.");
                return;
            }

            var srb = _active;
            _active = null;
            srb.ScsiStatus = ScsiStatus.Good;
            Complete(srb, SrbStatus.Success);
            return;
        }

        uint frameLow = (descriptor & ~Mpi.AddressReply) << 1;
        ulong address = ((ulong)_highAddress << 32) | frameLow;
        long offset = (long)(address - Physical(ReplyFramesOffset));
        if (address < Physical(ReplyFramesOffset) || offset >= _replyFramesPosted * ReplyFrameSize || offset % ReplyFrameSize != 0)
        {
            // Not one of our frames: never hand it back to the IOC.
            _port.LogError(null, SpProtocolError, $"{_name}: address reply 0x{descriptor:X8} does not point at a reply frame.");
            return;
        }

        var reply = Extension(ReplyFramesOffset + (int)offset, ReplyFrameSize);
        uint context = BinaryPrimitives.ReadUInt32LittleEndian(reply[0x08..]);
        if (reply[3] == Mpi.FunctionScsiIo && _active is not null && context == _activeContext)
        {
            var srb = _active;
            _active = null;
            var status = MapScsiIoReply(srb, reply);
            Write(Mpi.ReplyQueue, frameLow);
            Complete(srb, status);
            return;
        }

        _port.LogError(null, SpProtocolError, $"{_name}: ignoring reply for function 0x{reply[3]:X2}, context 0x{context:X8}.");
        Write(Mpi.ReplyQueue, frameLow);
    }

    /// <summary>Maps an address reply (IOCStatus, SCSIStatus, SCSIState, counts, sense) to the SRB.</summary>
    private SrbStatus MapScsiIoReply(ScsiRequestBlock srb, ReadOnlySpan<byte> reply)
    {
        byte scsiStatus = reply[0x0C];
        byte scsiState = reply[0x0D];
        int iocStatus = BinaryPrimitives.ReadUInt16LittleEndian(reply[0x0E..]) & Mpi.IocStatusMask;
        uint transferCount = BinaryPrimitives.ReadUInt32LittleEndian(reply[0x14..]);
        uint senseCount = BinaryPrimitives.ReadUInt32LittleEndian(reply[0x18..]);
        srb.ScsiStatus = (ScsiStatus)scsiStatus;
        switch (iocStatus)
        {
            case Mpi.StatusSuccess:
            case Mpi.StatusScsiRecoveredError:
            case Mpi.StatusScsiDataUnderrun:
            case Mpi.StatusScsiResidualMismatch:
                return MapScsiStatus(srb, scsiStatus, scsiState, transferCount, senseCount);
            case Mpi.StatusScsiDeviceNotThere:
                return SrbStatus.SelectionTimeout;
            case Mpi.StatusScsiInvalidBus:
                return SrbStatus.InvalidPathId;
            case Mpi.StatusScsiInvalidTargetId:
                return SrbStatus.InvalidTargetId;
            case Mpi.StatusBusy:
            case Mpi.StatusInsufficientResources:
                return SrbStatus.Busy;
            case Mpi.StatusScsiDataOverrun:
                srb.DataTransferLength = Math.Min(srb.DataTransferLength, transferCount);
                return SrbStatus.DataOverrun;
            case Mpi.StatusScsiTaskTerminated:
            case Mpi.StatusScsiIocTerminated:
            case Mpi.StatusScsiExtTerminated:
                return SrbStatus.BusReset;
            default:
                _port.LogError(srb, SpInternalAdapterError, $"{_name}: SCSI IO failed with IOCStatus 0x{iocStatus:X4}, log info 0x{BinaryPrimitives.ReadUInt32LittleEndian(reply[0x10..]):X8}.");
                return SrbStatus.Error;
        }
    }

    private SrbStatus MapScsiStatus(ScsiRequestBlock srb, byte scsiStatus, byte scsiState, uint transferCount, uint senseCount)
    {
        if ((scsiState & (Mpi.StateNoScsiStatus | Mpi.StateTerminated)) != 0)
        {
            return SrbStatus.Error;
        }

        switch ((ScsiStatus)scsiStatus)
        {
            case ScsiStatus.Good:
            case ScsiStatus.ConditionMet:
                if (transferCount < srb.DataTransferLength)
                {
                    // Underrun: Windows reports it as DATA_OVERRUN with the length actually moved.
                    srb.DataTransferLength = transferCount;
                    return SrbStatus.DataOverrun;
                }

                return SrbStatus.Success;
            case ScsiStatus.CheckCondition:
                if ((scsiState & Mpi.StateAutosenseValid) != 0 && senseCount > 0 && srb.SenseInfoBuffer is { } buffer)
                {
                    int count = (int)Math.Min(senseCount, (uint)SenseLengthFor(srb));
                    if (count > 0)
                    {
                        Extension(SenseBufferOffset, count).CopyTo(buffer.Span);
                        srb.SenseInfoBufferLength = (byte)count;
                        return SrbStatus.Error.With(SrbStatus.AutosenseValid);
                    }
                }

                return SrbStatus.Error;
            case ScsiStatus.Busy:
            case ScsiStatus.TaskSetFull:
                return SrbStatus.Busy;
            default:
                return SrbStatus.Error;
        }
    }

    /// <summary>Resets a faulted IOC and brings it back to OPERATIONAL; the lost request (if any) is reported.</summary>
    private bool RecoverFromFault(ScsiRequestBlock? lost)
    {
        uint doorbell = Read(Mpi.Doorbell);
        _port.LogError(lost, SpBadFirmwareError, $"{_name}: IOC FAULT 0x{doorbell & Mpi.DoorbellDataMask:X4}; resetting the adapter.");
        _initialized = InitializeAdapter();
        if (_initialized)
        {
            _port.Notification(ScsiNotificationType.ResetDetected);
        }

        return _initialized;
    }

    private void Complete(ScsiRequestBlock srb, SrbStatus status)
    {
        srb.SrbStatus = status;
        _port.Notification(ScsiNotificationType.RequestComplete, srb);
        _port.Notification(ScsiNotificationType.NextRequest);
    }
}
