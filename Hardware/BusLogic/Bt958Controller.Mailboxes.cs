using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.BusLogic;

/// <summary>Outgoing and incoming mailboxes and CCB execution.</summary>
public sealed partial class Bt958Controller
{
    /// <summary>SG elements the firmware accepts in one list (what Inquire Extended Setup Information reports).</summary>
    private const int MaximumSgElements = 8192;

    private readonly SegmentedDataTransfer _transfer;
    private readonly byte[] _ccb = new byte[BusLogicCcb.ExtendedLength];
    private readonly List<InFlightCcb> _inFlight = [];
    private bool _legacyMailboxes;
    private bool _strictRoundRobin;
    private bool _extendedLunFormat;
    private int _mailboxCount;
    private uint _outgoingBase;
    private uint _incomingBase;
    private int _outgoingPosition;
    private int _incomingPosition;
    private long _ccbsStarted;

    private int MailboxLength => _legacyMailboxes ? BusLogicMailbox.LegacyLength : BusLogicMailbox.ExtendedLength;

    private void ResetMailboxState()
    {
        _inFlight.Clear();
        _legacyMailboxes = false;
        _strictRoundRobin = false;
        _extendedLunFormat = false;
        _mailboxCount = 0;
        _outgoingBase = 0;
        _incomingBase = 0;
        _outgoingPosition = 0;
        _incomingPosition = 0;
    }

    /// <summary>Initialize (legacy) mailbox or initialize extended mailbox; a count of 0 is an invalid parameter.</summary>
    private bool InitializeMailboxes(bool legacy)
    {
        int count = _parameters[0];
        uint baseAddress = legacy
            ? (uint)((_parameters[1] << 16) | (_parameters[2] << 8) | _parameters[3])
            : BinaryPrimitives.ReadUInt32LittleEndian(_parameters.AsSpan(1));
        if (count == 0)
        {
            Refuse("initialize mailbox: a mailbox count of 0");
            FinishInvalid();
            return false;
        }

        // Whatever the old setup had in flight is forgotten: its completions would land in mailboxes nobody owns.
        _inFlight.Clear();
        _legacyMailboxes = legacy;
        _mailboxCount = count;
        _outgoingBase = baseAddress;
        _incomingBase = baseAddress + (uint)(count * MailboxLength);
        _outgoingPosition = 0;
        _incomingPosition = 0;
        _status &= unchecked((byte)~BusLogicRegisters.StatusInitializationRequired);
        return true;
    }

    /// <summary>Execute mailbox command: take loaded outgoing mailboxes. In strict round-robin mode only the one at
    /// the current position and those after it while they are loaded; otherwise every mailbox is scanned once round.</summary>
    private void ProcessOutgoingMailboxes()
    {
        for (int taken = 0; taken < _mailboxCount; taken++)
        {
            if (_strictRoundRobin)
            {
                if (!TakeOutgoingMailbox(_outgoingPosition))
                {
                    return;
                }

                _outgoingPosition = (_outgoingPosition + 1) % _mailboxCount;
            }
            else
            {
                bool found = false;
                for (int scanned = 0; scanned < _mailboxCount && !found; scanned++)
                {
                    int position = _outgoingPosition;
                    _outgoingPosition = (_outgoingPosition + 1) % _mailboxCount;
                    found = TakeOutgoingMailbox(position);
                }

                if (!found)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Takes the outgoing mailbox at <paramref name="position"/> if it is loaded: frees it and starts or
    /// aborts its CCB. Returns whether it was loaded.</summary>
    private bool TakeOutgoingMailbox(int position)
    {
        ulong address = _outgoingBase + (ulong)(position * MailboxLength);
        Span<byte> mailbox = stackalloc byte[BusLogicMailbox.ExtendedLength];
        mailbox = mailbox[..MailboxLength];
        if (!_memory.TryRead(address, mailbox))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"outgoing mailbox {position} at 0x{address:X} is not memory"));
            return false;
        }

        byte action = _legacyMailboxes ? mailbox[0] : mailbox[7];
        uint ccbAddress = _legacyMailboxes
            ? (uint)((mailbox[1] << 16) | (mailbox[2] << 8) | mailbox[3])
            : BinaryPrimitives.ReadUInt32LittleEndian(mailbox);
        if (action == BusLogicMailbox.ActionFree)
        {
            return false;
        }

        // The mailbox is the driver's again as soon as the adapter has read it.
        _memory.TryWrite(address + (ulong)(_legacyMailboxes ? 0 : 7), [BusLogicMailbox.ActionFree]);
        if (_outgoingAvailableInterruptEnabled)
        {
            SetInterrupt(BusLogicRegisters.InterruptOutgoingMailboxAvailable);
        }

        switch (action)
        {
            case BusLogicMailbox.ActionStart:
                StartCcb(ccbAddress);
                break;
            case BusLogicMailbox.ActionAbort:
                AbortCcb(ccbAddress);
                break;
            default:
                Refuse(string.Create(CultureInfo.InvariantCulture, $"outgoing mailbox {position}: action code 0x{action:X2}"));
                PostIncomingMailbox(ccbAddress, BusLogicHostAdapterStatus.InvalidOutgoingMailboxActionCode, 0, BusLogicMailbox.CompletionWithError, updateCcb: false);
                break;
        }

        return true;
    }

    /// <summary>Starts a CCB: at once with no latency, otherwise once <see cref="Bt958Options.CompletionLatency"/>
    /// microseconds of device time have passed (never, for the hung request).</summary>
    private void StartCcb(uint ccbAddress)
    {
        bool hang = ++_ccbsStarted == Options.HangRequestNumber;
        if (Options.CompletionLatency == 0 && !hang)
        {
            ExecuteCcb(ccbAddress);
            return;
        }

        _inFlight.Add(new InFlightCcb(ccbAddress, hang ? ulong.MaxValue : _clock.After(Options.CompletionLatency)));
    }

    /// <summary>Executes the CCBs whose latency has run out, in the order they were started.</summary>
    private void CompleteDueCcbs()
    {
        while (_inFlight.Count > 0 && _inFlight[0].DueAt <= _clock.Now)
        {
            var ccb = _inFlight[0];
            _inFlight.RemoveAt(0);
            ExecuteCcb(ccb.Address);
        }
    }

    /// <summary>An abort: a CCB still queued ends as aborted; one already completed is not found.</summary>
    private void AbortCcb(uint ccbAddress)
    {
        int index = _inFlight.FindIndex(c => c.Address == ccbAddress);
        if (index >= 0)
        {
            _inFlight.RemoveAt(index);
            PostIncomingMailbox(ccbAddress, BusLogicHostAdapterStatus.CommandCompleted, 0, BusLogicMailbox.CompletionAborted, updateCcb: true);
            return;
        }

        PostIncomingMailbox(ccbAddress, BusLogicHostAdapterStatus.AbortQueueGenerated, 0, BusLogicMailbox.CompletionAbortNotFound, updateCcb: false);
    }

    /// <summary>SCSI bus reset (control bit 4): the targets see a reset, and every CCB in flight ends with "host
    /// adapter asserted RST" in its incoming mailbox.</summary>
    private void ResetScsiBus()
    {
        ResetTargets(null);
        var ended = _inFlight.ToArray();
        _inFlight.Clear();
        foreach (var ccb in ended)
        {
            PostIncomingMailbox(ccb.Address, BusLogicHostAdapterStatus.HostAdapterAssertedReset, 0, BusLogicMailbox.CompletionWithError, updateCcb: true);
        }
    }

    /// <summary>Reads and runs one CCB to its incoming mailbox.</summary>
    private void ExecuteCcb(uint ccbAddress)
    {
        var ccb = _ccb.AsSpan(0, _legacyMailboxes ? BusLogicCcb.LegacyLength : BusLogicCcb.ExtendedLength);
        if (!_memory.TryRead(ccbAddress, ccb))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X} is not memory"));
            PostIncomingMailbox(ccbAddress, BusLogicHostAdapterStatus.HostAdapterHardwareFailed, 0, BusLogicMailbox.CompletionWithError, updateCcb: false);
            return;
        }

        byte opcode = ccb[BusLogicCcb.Opcode];
        int targetId = _legacyMailboxes ? ccb[BusLogicCcb.Control] >> 5 : ccb[BusLogicCcb.TargetId];
        int cdbLength = ccb[BusLogicCcb.CdbLength];
        if (targetId >= MaximumTargets || cdbLength is 0 or > BusLogicCcb.MaximumCdbLength)
        {
            Complete(ccbAddress, BusLogicHostAdapterStatus.InvalidCommandParameter, string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X}: target {targetId}, CDB length {cdbLength}"));
            return;
        }

        if (opcode is not (BusLogicCcb.OpcodeInitiator or BusLogicCcb.OpcodeInitiatorScatterGather or BusLogicCcb.OpcodeInitiatorResidual
            or BusLogicCcb.OpcodeInitiatorScatterGatherResidual or BusLogicCcb.OpcodeBusDeviceReset))
        {
            Complete(ccbAddress, BusLogicHostAdapterStatus.InvalidCommandOperationCode, string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X}: opcode 0x{opcode:X2}"));
            return;
        }

        if (_targets[targetId] is not { } target)
        {
            Complete(ccbAddress, BusLogicHostAdapterStatus.SelectionTimeout, string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X}: no device at target {targetId}"));
            return;
        }

        if (opcode == BusLogicCcb.OpcodeBusDeviceReset)
        {
            target.Reset();
            PostIncomingMailbox(ccbAddress, BusLogicHostAdapterStatus.CommandCompleted, 0, BusLogicMailbox.CompletionWithoutError, updateCcb: true);
            return;
        }

        byte lunByte = _legacyMailboxes ? ccb[BusLogicCcb.Control] : ccb[BusLogicCcb.Lun];
        byte lun = (byte)(lunByte & (_extendedLunFormat && !_legacyMailboxes ? 0x1F : 0x07));
        var cdb = ccb.Slice(BusLogicCcb.Cdb, cdbLength);
        int declared = (ccb[BusLogicCcb.Control] >> 3) & 3;
        var cdbDirection = target.GetDataDirection(cdb);
        var direction = declared switch
        {
            BusLogicCcb.DirectionIn => ScsiDataDirection.In,
            BusLogicCcb.DirectionOut => ScsiDataDirection.Out,
            BusLogicCcb.DirectionNone => ScsiDataDirection.None,
            _ => cdbDirection,
        };

        bool residual = opcode is BusLogicCcb.OpcodeInitiatorResidual or BusLogicCcb.OpcodeInitiatorScatterGatherResidual;
        if (PrepareData(ccb, ccbAddress, opcode, direction) is { } dataProblem)
        {
            PostIncomingMailbox(ccbAddress, dataProblem, 0, BusLogicMailbox.CompletionWithError, updateCcb: true);
            return;
        }

        long requested = _transfer.Length;
        var result = target.Execute(lun, cdb, _transfer);
        long transferred = Math.Clamp(result.TransferredBytes, 0, requested);
        if (residual)
        {
            WriteResidual(ccbAddress, (uint)(requested - transferred));
        }

        if (result.DataTransferFailed)
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X}: data DMA failed after {transferred} bytes"));
            PostIncomingMailbox(ccbAddress, BusLogicHostAdapterStatus.HostAdapterHardwareFailed, 0, BusLogicMailbox.CompletionWithError, updateCcb: true);
            return;
        }

        var hostStatus = BusLogicHostAdapterStatus.CommandCompleted;
        if (result.Status != ScsiStatus.Good && !result.Sense.IsEmpty && !StoreSense(ccb, ccbAddress, result.Sense.Span))
        {
            hostStatus = BusLogicHostAdapterStatus.AutoRequestSenseFailed;
        }

        byte completion = result.Status == ScsiStatus.Good && hostStatus == BusLogicHostAdapterStatus.CommandCompleted
            ? BusLogicMailbox.CompletionWithoutError
            : BusLogicMailbox.CompletionWithError;
        PostIncomingMailbox(ccbAddress, hostStatus, (byte)result.Status, completion, updateCcb: true);
    }

    /// <summary>Resolves the CCB's buffer into <see cref="_transfer"/>: the data pointer itself, or the SG list whose
    /// byte length is the CCB's data length. Returns the host adapter status to fail with, or <see langword="null"/>.</summary>
    private BusLogicHostAdapterStatus? PrepareData(ReadOnlySpan<byte> ccb, uint ccbAddress, byte opcode, ScsiDataDirection direction)
    {
        _transfer.Begin(direction);
        uint length = _legacyMailboxes ? ReadU24(ccb[BusLogicCcb.DataLength..]) : BinaryPrimitives.ReadUInt32LittleEndian(ccb[BusLogicCcb.DataLength..]);
        uint pointer = _legacyMailboxes ? ReadU24(ccb[BusLogicCcb.LegacyDataAddress..]) : BinaryPrimitives.ReadUInt32LittleEndian(ccb[BusLogicCcb.DataAddress..]);

        // TEST UNIT READY moves no data whatever the CCB says (VirtualBox keeps this for NT's 2 KiB TUR CCBs).
        if (direction == ScsiDataDirection.None || length == 0 || ccb[BusLogicCcb.Cdb] == ScsiOpcodes.TestUnitReady)
        {
            return null;
        }

        if (opcode is BusLogicCcb.OpcodeInitiator or BusLogicCcb.OpcodeInitiatorResidual)
        {
            _transfer.Add(pointer, length);
        }
        else
        {
            int elementLength = _legacyMailboxes ? BusLogicCcb.LegacySgElementLength : BusLogicCcb.ExtendedSgElementLength;
            long elements = length / elementLength;
            if (elements > MaximumSgElements)
            {
                Refuse(string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X}: {elements} SG elements, more than {MaximumSgElements}"));
                return BusLogicHostAdapterStatus.InvalidCommandParameter;
            }

            Span<byte> element = stackalloc byte[BusLogicCcb.ExtendedSgElementLength];
            element = element[..elementLength];
            for (int index = 0; index < elements; index++)
            {
                ulong elementAddress = pointer + (ulong)(index * elementLength);
                if (!_memory.TryRead(elementAddress, element))
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X}: SG element {index} at 0x{elementAddress:X} is not memory"));
                    return BusLogicHostAdapterStatus.HostAdapterHardwareFailed;
                }

                uint segmentLength = _legacyMailboxes ? ReadU24(element) : BinaryPrimitives.ReadUInt32LittleEndian(element);
                uint segment = _legacyMailboxes ? ReadU24(element[3..]) : BinaryPrimitives.ReadUInt32LittleEndian(element[4..]);
                if (segmentLength > 0)
                {
                    _transfer.Add(segment, segmentLength);
                }
            }
        }

        if (!_transfer.IsAccessible(forWrite: direction == ScsiDataDirection.In))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X}: the {_transfer.Length}-byte data buffer is not {(direction == ScsiDataDirection.In ? "writable " : string.Empty)}memory"));
            return BusLogicHostAdapterStatus.HostAdapterHardwareFailed;
        }

        return null;
    }

    /// <summary>Auto sense: the sense bytes go to the CCB's sense buffer (sense length 0 means 14 bytes, 1 none).</summary>
    private bool StoreSense(ReadOnlySpan<byte> ccb, uint ccbAddress, ReadOnlySpan<byte> sense)
    {
        int capacity = ccb[BusLogicCcb.SenseLength] switch
        {
            0 => BusLogicCcb.DefaultSenseLength,
            1 => 0,
            var n => n,
        };
        if (capacity == 0)
        {
            return true;
        }

        ulong address = _legacyMailboxes
            ? ccbAddress + (ulong)BusLogicCcb.Cdb + ccb[BusLogicCcb.CdbLength]
            : BinaryPrimitives.ReadUInt32LittleEndian(ccb[BusLogicCcb.SenseAddress..]);
        Span<byte> stored = stackalloc byte[capacity];
        stored.Clear();
        sense[..Math.Min(sense.Length, capacity)].CopyTo(stored);
        if (!_memory.TryWrite(address, stored))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"CCB at 0x{ccbAddress:X}: sense buffer 0x{address:X} is not writable memory"));
            return false;
        }

        return true;
    }

    private void WriteResidual(uint ccbAddress, uint residual)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (_legacyMailboxes)
        {
            bytes[0] = (byte)(residual >> 16);
            bytes[1] = (byte)(residual >> 8);
            bytes[2] = (byte)residual;
            _memory.TryWrite(ccbAddress + BusLogicCcb.DataLength, bytes[..3]);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, residual);
            _memory.TryWrite(ccbAddress + BusLogicCcb.DataLength, bytes);
        }
    }

    private void Complete(uint ccbAddress, BusLogicHostAdapterStatus hostStatus, string reason)
    {
        Refuse(reason);
        PostIncomingMailbox(ccbAddress, hostStatus, 0, BusLogicMailbox.CompletionWithError, updateCcb: true);
    }

    /// <summary>Writes the statuses into the CCB, then the next incoming mailbox, then latches IMBL. The firmware
    /// does not check that the driver freed that mailbox: a driver that lets the ring fill loses completions.</summary>
    private void PostIncomingMailbox(uint ccbAddress, BusLogicHostAdapterStatus hostStatus, byte targetStatus, byte completion, bool updateCcb)
    {
        if (_mailboxCount == 0)
        {
            return;
        }

        if (updateCcb)
        {
            _memory.TryWrite(ccbAddress + BusLogicCcb.HostAdapterStatus, [(byte)hostStatus, targetStatus]);
        }

        ulong address = _incomingBase + (ulong)(_incomingPosition * MailboxLength);
        _incomingPosition = (_incomingPosition + 1) % _mailboxCount;
        Span<byte> mailbox = stackalloc byte[BusLogicMailbox.ExtendedLength];
        if (_legacyMailboxes)
        {
            mailbox = mailbox[..BusLogicMailbox.LegacyLength];
            mailbox[0] = completion;
            mailbox[1] = (byte)(ccbAddress >> 16);
            mailbox[2] = (byte)(ccbAddress >> 8);
            mailbox[3] = (byte)ccbAddress;
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(mailbox, ccbAddress);
            mailbox[4] = (byte)hostStatus;
            mailbox[5] = targetStatus;
            mailbox[6] = 0;
            mailbox[7] = completion;
        }

        if (!_memory.TryWrite(address, mailbox))
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"incoming mailbox at 0x{address:X} is not writable memory"));
            return;
        }

        SetInterrupt(BusLogicRegisters.InterruptIncomingMailboxLoaded);
    }

    private static uint ReadU24(ReadOnlySpan<byte> bytes) => (uint)((bytes[0] << 16) | (bytes[1] << 8) | bytes[2]);

    /// <summary>A started CCB waiting for its latency to run out.</summary>
    private readonly record struct InFlightCcb(uint Address, ulong DueAt);
}
