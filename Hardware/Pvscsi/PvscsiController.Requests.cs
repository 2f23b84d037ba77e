using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Pvscsi;

/// <summary>The request and completion rings (hardware-models.md §3.5–§3.9).</summary>
public sealed partial class PvscsiController
{
    private readonly PvscsiRing _requestRing;
    private readonly PvscsiRing _completionRing;
    private readonly SegmentedDataTransfer _transfer;
    private readonly byte[] _descriptor = new byte[PvscsiLayout.RequestLength];
    private readonly byte[] _completion = new byte[PvscsiLayout.CompletionLength];
    private readonly Queue<PvscsiPendingRequest> _pending = new();
    private long _requestsFetched;
    private readonly Stack<PvscsiPendingRequest> _pendingPool = new();
    private readonly Queue<PvscsiCompletion> _held = new();
    private bool _ringsValid;
    private ulong _ringsStateAddress;
    private uint _requestConsumed;
    private uint _completionProduced;
    private bool _fetchDeferred;

    /// <summary>Requests taken off the ring and not yet visible in the completion ring.</summary>
    private int InFlight => _pending.Count + _held.Count;

    /// <summary>A kick: takes requests from the device's consumed index up to reqProdIdx. The device never has
    /// more requests in flight than the completion ring holds; the rest stay in the request ring until completions
    /// are consumed (then fetching resumes on its own).</summary>
    private void FetchRequests()
    {
        if (!_ringsValid)
        {
            return;
        }

        _fetchDeferred = false;
        if (!TryReadU32(_ringsStateAddress + PvscsiLayout.StateRequestProducer, out uint producer))
        {
            return;
        }

        // A driver whose producer index runs more than a ring ahead gets one ring's worth per kick.
        int budget = _requestRing.Entries;
        while (_requestConsumed != producer && budget-- > 0)
        {
            if (InFlight >= _completionRing.Entries)
            {
                _fetchDeferred = true;
                return;
            }

            ulong address = _requestRing.AddressOf(_requestConsumed);
            bool hang = ++_requestsFetched == Options.HangRequestNumber;
            if (Options.CompletionLatency == 0 && !hang)
            {
                if (!_memory.TryRead(address, _descriptor))
                {
                    return;
                }

                Advance();
                Complete(Execute(_descriptor));
            }
            else
            {
                var request = _pendingPool.Count > 0 ? _pendingPool.Pop() : new PvscsiPendingRequest();
                if (!_memory.TryRead(address, request.Descriptor))
                {
                    _pendingPool.Push(request);
                    return;
                }

                Advance();
                request.DueAt = hang ? ulong.MaxValue : _clock.After(Options.CompletionLatency);
                _pending.Enqueue(request);
            }
        }

        void Advance()
        {
            _requestConsumed++;
            TryWriteU32(_ringsStateAddress + PvscsiLayout.StateRequestConsumer, _requestConsumed);
        }
    }

    private void ResumeFetching()
    {
        if (_fetchDeferred)
        {
            FetchRequests();
        }
    }

    /// <summary>Executes the pending requests whose latency has run out (they are in due order).</summary>
    private void CompleteDueRequests()
    {
        while (_pending.Count > 0 && _pending.Peek().DueAt <= _clock.Now)
        {
            var request = _pending.Dequeue();
            Complete(Execute(request.Descriptor));
            _pendingPool.Push(request);
        }
    }

    /// <summary>Ends outstanding requests (all, or one target's) with BUSRESET, in order.</summary>
    private void CompleteOutstanding(int? target)
    {
        for (int i = _pending.Count; i > 0; i--)
        {
            var request = _pending.Dequeue();
            if (target is null || request.Target == target)
            {
                Complete(PvscsiCompletion.FromAdapter(request.Context, PvscsiHostStatus.BusReset));
                _pendingPool.Push(request);
            }
            else
            {
                _pending.Enqueue(request);
            }
        }
    }

    private void ForgetRings()
    {
        while (_pending.Count > 0)
        {
            _pendingPool.Push(_pending.Dequeue());
        }

        _held.Clear();
        _ringsValid = false;
        _fetchDeferred = false;
        _requestConsumed = 0;
        _completionProduced = 0;
    }

    /// <summary>Queues a completion behind any held ones and posts what fits.</summary>
    private void Complete(in PvscsiCompletion completion)
    {
        _held.Enqueue(completion);
        PostHeldCompletions();
    }

    /// <summary>Writes held completions while the ring has room (cmpProdIdx − cmpConsIdx &lt; entries), then
    /// publishes cmpProdIdx and latches CMPL_0.</summary>
    private void PostHeldCompletions()
    {
        if (!_ringsValid || _held.Count == 0
            || !TryReadU32(_ringsStateAddress + PvscsiLayout.StateCompletionConsumer, out uint consumer))
        {
            return;
        }

        bool posted = false;
        while (_held.Count > 0 && _completionProduced - consumer < (uint)_completionRing.Entries)
        {
            var completion = _held.Dequeue();
            var entry = _completion.AsSpan();
            entry.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(entry[PvscsiLayout.CompletionContext..], completion.Context);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[PvscsiLayout.CompletionDataLength..], completion.DataLength);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[PvscsiLayout.CompletionSenseLength..], completion.SenseLength);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[PvscsiLayout.CompletionHostStatus..], (ushort)completion.HostStatus);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[PvscsiLayout.CompletionScsiStatus..], completion.ScsiStatus);
            _memory.TryWrite(_completionRing.AddressOf(_completionProduced), entry);
            _completionProduced++;
            posted = true;
        }

        if (posted)
        {
            // The descriptors are in memory before the producer index that publishes them.
            TryWriteU32(_ringsStateAddress + PvscsiLayout.StateCompletionProducer, _completionProduced);
            _interruptStatus |= PvscsiRegisters.InterruptCompletion0;
        }
    }

    /// <summary>Runs one request descriptor to its completion.</summary>
    private PvscsiCompletion Execute(ReadOnlySpan<byte> descriptor)
    {
        ulong context = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[PvscsiLayout.RequestContext..]);
        var flags = (PvscsiRequestFlags)BinaryPrimitives.ReadUInt32LittleEndian(descriptor[PvscsiLayout.RequestFlags..]);
        if (context == 0 || context > uint.MaxValue)
        {
            return Reject(context, PvscsiHostStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"request context 0x{context:X} must be non-zero and fit in 32 bits"));
        }

        int cdbLength = descriptor[PvscsiLayout.RequestCdbLength];
        if ((flags & PvscsiRequestFlags.OutOfBandCdb) != 0 || cdbLength is 0 or > PvscsiLayout.MaximumCdbLength)
        {
            return Reject(context, PvscsiHostStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: CDB length {cdbLength} (flags 0x{(uint)flags:X}) is not 1 to 16 bytes in the descriptor"));
        }

        byte targetId = descriptor[PvscsiLayout.RequestTarget];
        var lun = descriptor.Slice(PvscsiLayout.RequestLun, 8);
        if (descriptor[PvscsiLayout.RequestBus] != 0 || targetId >= PvscsiLayout.MaximumTargets || _targets[targetId] is not { } target || !IsSingleLevelLun(lun))
        {
            return Reject(context, PvscsiHostStatus.SelectionTimeout, string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: no device at bus {descriptor[PvscsiLayout.RequestBus]} target {targetId} LUN {Convert.ToHexString(lun)}"));
        }

        var cdb = descriptor.Slice(PvscsiLayout.RequestCdb, cdbLength);
        var cdbDirection = target.GetDataDirection(cdb);
        bool toHost = (flags & PvscsiRequestFlags.DirectionToHost) != 0;
        bool toDevice = (flags & PvscsiRequestFlags.DirectionToDevice) != 0;
        if ((cdbDirection == ScsiDataDirection.In && toDevice) || (cdbDirection == ScsiDataDirection.Out && toHost))
        {
            return Reject(context, PvscsiHostStatus.BadMessage, string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: direction flags 0x{(uint)flags:X} contradict CDB opcode 0x{cdb[0]:X2} ({cdbDirection})"));
        }

        var direction = (flags & PvscsiRequestFlags.DirectionNone) != 0 ? ScsiDataDirection.None
            : toHost && !toDevice ? ScsiDataDirection.In
            : toDevice && !toHost ? ScsiDataDirection.Out
            : cdbDirection;

        // As QEMU: a CDB that moves more than dataLen, or data while the descriptor says no data phase, ends in
        // BTSTAT_DATARUN with dataLen 0, never in a truncated success. (QEMU moves what fits first; the model moves
        // nothing, so a write never half-lands.)
        long expected = target.GetTransferLength(cdb);
        ulong dataLength = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[PvscsiLayout.RequestDataLength..]);
        if (expected > 0 && (direction == ScsiDataDirection.None || (ulong)expected > dataLength))
        {
            return Reject(context, PvscsiHostStatus.DataRun, string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: CDB opcode 0x{cdb[0]:X2} moves {expected} bytes but the descriptor gives {(direction == ScsiDataDirection.None ? "no data phase" : $"dataLen {dataLength}")} (data overrun)"));
        }
        if (PrepareData(descriptor, context, flags, direction) is { } dataProblem)
        {
            return PvscsiCompletion.FromAdapter(context, dataProblem);
        }

        var result = target.Execute(lun[1], cdb, _transfer);
        ulong transferred = (ulong)Math.Max(result.TransferredBytes, 0);
        if (result.DataTransferFailed)
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: data DMA failed after {transferred} bytes"));
            return new PvscsiCompletion(context, transferred, 0, PvscsiHostStatus.HostAdapterHardware, 0);
        }

        uint senseLength = 0;
        var hostStatus = PvscsiHostStatus.Success;
        if (result.Status == ScsiStatus.CheckCondition && !result.Sense.IsEmpty)
        {
            ulong senseAddress = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[PvscsiLayout.RequestSenseAddress..]);
            uint senseCapacity = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[PvscsiLayout.RequestSenseLength..]);
            if (senseAddress != 0 && senseCapacity > 0)
            {
                int length = (int)Math.Min(senseCapacity, (uint)result.Sense.Length);
                if (_memory.TryWrite(senseAddress, result.Sense.Span[..length]))
                {
                    senseLength = (uint)length;
                }
                else
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: sense buffer 0x{senseAddress:X} is not writable memory"));
                    hostStatus = PvscsiHostStatus.SenseFailed;
                }
            }
        }

        // A data-in shorter than the buffer (an allocation length above the data) is SUCCESS with the actual
        // length, as the real device reports it; the residual is dataLen's shortfall.
        return new PvscsiCompletion(context, transferred, senseLength, hostStatus, (ushort)result.Status);
    }

    /// <summary>Resolves the request's buffer into <see cref="_transfer"/>: a direct address, or the SG list's
    /// elements up to dataLen. Returns the hostStatus to fail with, or <see langword="null"/>.</summary>
    private PvscsiHostStatus? PrepareData(ReadOnlySpan<byte> descriptor, ulong context, PvscsiRequestFlags flags, ScsiDataDirection direction)
    {
        _transfer.Begin(direction);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[PvscsiLayout.RequestDataLength..]);
        if (direction == ScsiDataDirection.None || length == 0)
        {
            return null;
        }

        ulong address = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[PvscsiLayout.RequestDataAddress..]);
        if (length > long.MaxValue)
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: dataLen 0x{length:X} is not a length"));
            return PvscsiHostStatus.InvalidParameter;
        }

        if ((flags & PvscsiRequestFlags.WithSgList) == 0)
        {
            _transfer.Add(address, (long)length);
        }
        else
        {
            // The SG table itself must sit in one page (vmw_pvscsi.h; there is no chain element): the device reads it
            // as one physically contiguous run, so a list a driver laid out across a virtual page boundary would be
            // read from the wrong physical page. The data elements may span pages (Linux builds them from
            // sg_dma_len; QEMU adds them as they are).
            Span<byte> element = stackalloc byte[PvscsiLayout.SgElementLength];
            ulong remaining = length;
            for (int index = 0; remaining > 0; index++)
            {
                ulong elementAddress = address + (ulong)(index * PvscsiLayout.SgElementLength);
                if (elementAddress / PvscsiLayout.PageSize != address / PvscsiLayout.PageSize
                    || (elementAddress + PvscsiLayout.SgElementLength - 1) / PvscsiLayout.PageSize != address / PvscsiLayout.PageSize)
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: the SG list at 0x{address:X} crosses a page boundary at element {index} with {remaining} of {length} bytes still undescribed (the list must sit in one page)"));
                    return PvscsiHostStatus.InvalidParameter;
                }

                if (!_memory.TryRead(elementAddress, element))
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: SG element {index} at 0x{elementAddress:X} is not memory"));
                    return PvscsiHostStatus.HostAdapterHardware;
                }

                ulong segment = BinaryPrimitives.ReadUInt64LittleEndian(element);
                uint segmentLength = BinaryPrimitives.ReadUInt32LittleEndian(element[8..]);
                ulong take = Math.Min(segmentLength, remaining);
                if (take == 0)
                {
                    continue;
                }

                if (segment > ulong.MaxValue - take)
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: SG element {index} (0x{segment:X}, {segmentLength} bytes) wraps the address space"));
                    return PvscsiHostStatus.InvalidParameter;
                }

                _transfer.Add(segment, (long)take);
                remaining -= take;
            }
        }

        if (!_transfer.IsAccessible(forWrite: direction == ScsiDataDirection.In))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"request 0x{context:X}: the {length}-byte data buffer at 0x{address:X}{((flags & PvscsiRequestFlags.WithSgList) != 0 ? " (SG list)" : string.Empty)} is not {(direction == ScsiDataDirection.In ? "writable " : string.Empty)}memory"));
            return PvscsiHostStatus.HostAdapterHardware;
        }

        return null;
    }

    private PvscsiCompletion Reject(ulong context, PvscsiHostStatus hostStatus, string reason)
    {
        Refuse(reason);
        return PvscsiCompletion.FromAdapter(context, hostStatus);
    }
}
