using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>
/// An LSI SAS1068 Fusion-MPT (MPI 1.5) host bus adapter: doorbell handshake, IOC state machine with message unit and
/// diagnostic resets, request / reply post / reply free FIFOs, SCSI IO with 32- and 64-bit chained SGLs and autosense,
/// and minimal task management. Work is processed synchronously inside register accesses; replies can be held back
/// for a number of polls (<see cref="Sas1068Options.CompletionLatency"/>) to exercise a polled driver. All DMA goes
/// through <see cref="IPhysicalMemory"/>; bad input from the host ends in an error IOCStatus or in FAULT, never in an
/// exception.
/// </summary>
public sealed partial class Sas1068Controller : IEmulatedController
{
    /// <summary>Usable entries of each FIFO; also ReplyQueueDepth and GlobalCredits in IOC_FACTS (QEMU's values).</summary>
    internal const int FifoDepth = 128;

    /// <summary>IOC_FACTS RequestFrameSize, in dwords: the largest request frame the IOC fetches.</summary>
    internal const int RequestFrameSizeDwords = 128;

    /// <summary>IOC_FACTS MaxChainDepth: chain elements the IOC follows for one request.</summary>
    internal const byte MaximumChainDepth = 0x22;

    /// <summary>IOC_FACTS BlockSize, in dwords.</summary>
    internal const byte BlockSizeDwords = 13;

    /// <summary>IOC_FACTS NumberOfPorts.</summary>
    internal const byte NumberOfPorts = 8;

    /// <summary>IOC_FACTS ProductID: SAS, initiator, 1068 family.</summary>
    internal const ushort ProductId = 0x2102;

    /// <summary>MaxDevices before IOC_INIT sets it.</summary>
    internal const int DefaultMaxDevices = 8;

    /// <summary>WhoInit value of a host driver.</summary>
    internal const byte WhoInitHostDriver = 0x04;

    /// <summary>Reply frames the normal-mode driver had given the IOC (in the running crash state).</summary>
    internal const int NormalModeReplyFrames = 32;

    /// <summary>Completions the IOC posted that the normal-mode driver never read (in the running crash state).</summary>
    internal const int NormalModeUnreadReplies = 3;

    /// <summary>The normal-mode driver's reply frame size in bytes (its IOC_INIT ReplyFrameSize).</summary>
    internal const ushort NormalModeReplyFrameSize = 0x80;

    /// <summary>The MsgContext of the normal-mode driver's first unread completion (the others follow).</summary>
    internal const uint NormalModeFirstContext = 0x0000_4D00;

    private static readonly uint[] WriteSequenceKeys = [0x4, 0xB, 0x2, 0x7, 0xD];

    private readonly IPhysicalMemory _memory;
    private readonly IScsiTarget?[] _targets = new IScsiTarget?[256];
    private readonly int _latency;
    private readonly int _resetLatency;
    private readonly int? _hangRequestNumber;
    private int _scsiIoRequestsPosted;
    private readonly Sas1068RegisterWindow[] _windows;

    private readonly AddressFifo _replyFree = new(FifoDepth);
    private readonly AddressFifo _replyPost = new(FifoDepth);
    private readonly PendingReplyQueue _pending = new(FifoDepth * 2);
    private readonly SegmentedDataTransfer _transfer;

    private readonly byte[] _handshakeRequest = new byte[256 * 4];
    private readonly byte[] _handshakeReply = new byte[PendingReplyQueue.SlotSize];
    private readonly byte[] _frame = new byte[MpiTaskManagement.RequestSize + 12];
    private readonly byte[] _scratch = new byte[16];
    private readonly byte[] _replyScratch = new byte[PendingReplyQueue.SlotSize];

    private MpiIocState _state;
    private ushort _faultCode;
    private string? _faultReason;
    private ulong _resetDoneAt;
    private byte _whoInit;

    private uint _interruptStatus;
    private uint _interruptMask;
    private readonly DeviceClock _clock;
    private ulong _doorbellAcknowledgedAt;

    private DoorbellPhase _doorbellPhase;
    private int _handshakeExpectedDwords;
    private int _handshakeReceivedDwords;
    private int _handshakeReplyWords;
    private int _handshakeReplyIndex;

    private int _writeSequenceIndex;
    private uint _diagnostic;

    private ulong _hostMfaHigh;
    private ulong _senseBufferHigh;
    private ushort _replyFrameSize;
    private int _maxDevices;
    private byte _maxBuses;
    private bool _portEnabled;
    private bool _constructed;
    private bool _hung;
    private bool _hungDoorbellWritten;

    /// <summary>Creates the controller with its SAS targets.</summary>
    /// <param name="memory">The physical address space the IOC bus-masters into.</param>
    /// <param name="targets">The devices on the SAS domain, keyed by target ID (0–255).</param>
    /// <param name="options">Behaviour switches; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A target ID is outside 0–255 or the latency is negative.</exception>
    public Sas1068Controller(IPhysicalMemory memory, IReadOnlyDictionary<int, IScsiTarget> targets, Sas1068Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(targets);
        options ??= new Sas1068Options();
        ArgumentOutOfRangeException.ThrowIfNegative(options.CompletionLatency, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ResetLatency ?? 0, nameof(options));
        foreach (var (id, target) in targets)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id, nameof(targets));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(id, 255, nameof(targets));
            ArgumentNullException.ThrowIfNull(target, nameof(targets));
            _targets[id] = target;
        }

        _memory = memory;
        _clock = new DeviceClock(options.Clock);
        _latency = options.CompletionLatency;
        _resetLatency = options.ResetLatency ?? options.CompletionLatency;
        _hangRequestNumber = options.HangRequestNumber;
        _transfer = new SegmentedDataTransfer(memory, enforceDirection: true);
        _windows =
        [
            new Sas1068RegisterWindow(this, "BAR0 (I/O)", 0x100, isMemoryMapped: false),
            new Sas1068RegisterWindow(this, "BAR1 (memory)", 0x4000, isMemoryMapped: true),
        ];

        HardReset(powerOn: true);
        _state = MpiIocState.Ready;
        _resetDoneAt = 0;
        switch (options.CrashState)
        {
            case ControllerCrashState.Running:
                EnterRunningState();
                break;
            case ControllerCrashState.Faulted:
                SetFault(MpiIocStatus.InternalError, "the IOC faulted before the dump stack started");
                break;
            case ControllerCrashState.Hung:
                // The firmware stopped mid-flight: OPERATIONAL on the doorbell, and nothing changes until a diagnostic
                // reset (the only reset that does not go through the firmware).
                EnterRunningState();
                _hung = true;
                break;
        }

        _constructed = true;
    }

    /// <inheritdoc/>
    public string Model => "LSI SAS1068";

    /// <inheritdoc/>
    public PciIdentity Pci { get; } = new(VendorId: 0x1000, DeviceId: 0x0054, SubsystemVendorId: 0x1000, SubsystemId: 0x8000, ClassCode: 0x010000, RevisionId: 0x00);

    /// <inheritdoc/>
    public IReadOnlyList<IRegisterSpace> RegisterSpaces => _windows;

    /// <inheritdoc/>
    public bool InterruptAsserted => (_interruptStatus & ~_interruptMask & (MpiRegister.HisDoorbellInterrupt | MpiRegister.HisReplyInterrupt)) != 0;

    /// <inheritdoc/>
    public string? Fault => _state == MpiIocState.Fault
        ? string.Create(CultureInfo.InvariantCulture, $"MPI FAULT 0x{_faultCode:X4}: {_faultReason}")
        : null;

    /// <inheritdoc/>
    public void Reset()
    {
        HardReset(powerOn: true);
    }

    internal uint ReadRegister(int offset)
    {
        // The read sees the IOC as it is when the read starts; the bus round trip then takes its time.
        uint value = _hung ? ReadRegisterHung(offset) : offset switch
        {
            MpiRegister.Doorbell => ReadDoorbell(),
            MpiRegister.HostDiagnostic => _diagnostic,
            MpiRegister.HostInterruptStatus => ReadInterruptStatus(),
            MpiRegister.HostInterruptMask => _interruptMask,
            MpiRegister.ReplyQueue => ReadReplyPost(),

            // WriteSequence, the request queues and the unused registers read as zero (QEMU).
            _ => 0,
        };
        _clock.RegisterRead();
        return value;
    }

    internal void WriteRegister(int offset, uint value)
    {
        if (_hung && offset is not (MpiRegister.WriteSequence or MpiRegister.HostDiagnostic or MpiRegister.HostInterruptMask))
        {
            // Hung firmware consumes nothing: a doorbell write stays unacknowledged, requests and frames are lost.
            _hungDoorbellWritten |= offset == MpiRegister.Doorbell;
            return;
        }

        switch (offset)
        {
            case MpiRegister.Doorbell:
                WriteDoorbell(value);
                break;
            case MpiRegister.WriteSequence:
                WriteWriteSequence(value);
                break;
            case MpiRegister.HostDiagnostic:
                WriteHostDiagnostic(value);
                break;
            case MpiRegister.HostInterruptStatus:
                WriteInterruptStatus();
                break;
            case MpiRegister.HostInterruptMask:
                _interruptMask = value & (MpiRegister.HimDoorbellMask | MpiRegister.HimReplyMask);
                break;
            case MpiRegister.RequestQueue:
                PostRequest(value);
                break;
            case MpiRegister.ReplyQueue:
                FreeReplyFrame(value);
                break;
            default:
                // TestBaseAddress, the diagnostic data window and the high-priority queue are not modelled.
                break;
        }
    }

    // Hung: the doorbell shows the state the firmware stopped in, HIS never changes (a doorbell written since stays
    // unconsumed) and the reply FIFO is empty. Only the host diagnostic registers, which are hardware, still work.
    private uint ReadRegisterHung(int offset) => offset switch
    {
        MpiRegister.Doorbell => ((uint)_state << MpiRegister.DoorbellStateShift) | ((uint)(_whoInit & 0x7) << MpiRegister.DoorbellWhoInitShift),
        MpiRegister.HostDiagnostic => _diagnostic,
        MpiRegister.HostInterruptStatus => _interruptStatus | (_hungDoorbellWritten ? MpiRegister.HisIopDoorbellStatus : 0),
        MpiRegister.HostInterruptMask => _interruptMask,
        MpiRegister.ReplyQueue => MpiRegister.ReplyQueueEmpty,
        _ => 0,
    };

    /// <summary>
    /// The running crash state: what the boot-time driver leaves behind: IOC_INIT done (host driver, 128-byte reply
    /// frames), ports enabled, interrupts unmasked, its reply frames (in its own memory) in the free FIFO, and
    /// completions posted that it never read. A dump miniport that does not reset the IOC reads those replies and
    /// hands its own frames to a FIFO that gives out the old driver's first.
    /// </summary>
    private void EnterRunningState()
    {
        _whoInit = WhoInitHostDriver;
        _replyFrameSize = NormalModeReplyFrameSize;
        _maxDevices = 256;
        _interruptMask = 0;
        _portEnabled = true;
        _state = MpiIocState.Operational;
        ulong frames = NormalModeDriverMemory.Place(_memory, NormalModeReplyFrames * (ulong)NormalModeReplyFrameSize);
        for (int i = 0; i < NormalModeReplyFrames; i++)
        {
            _replyFree.TryPush((uint)(frames + ((ulong)i * NormalModeReplyFrameSize)));
        }

        for (uint i = 0; i < NormalModeUnreadReplies; i++)
        {
            PostDescriptor(NormalModeFirstContext + i);
        }
    }

    private uint ReadDoorbell()
    {
        if (_state == MpiIocState.Reset)
        {
            // The firmware reboot takes the reset latency.
            if (_clock.Now >= _resetDoneAt)
            {
                _state = MpiIocState.Ready;
            }
        }

        uint value = ((uint)_state << MpiRegister.DoorbellStateShift) | ((uint)(_whoInit & 0x7) << MpiRegister.DoorbellWhoInitShift);
        switch (_doorbellPhase)
        {
            case DoorbellPhase.Receiving:
                value |= MpiRegister.DoorbellActive;
                break;
            case DoorbellPhase.Replying:
                value |= MpiRegister.DoorbellActive;
                if (_handshakeReplyIndex < _handshakeReplyWords)
                {
                    value |= BinaryPrimitives.ReadUInt16LittleEndian(_handshakeReply.AsSpan(_handshakeReplyIndex * 2));
                    _handshakeReplyIndex++;
                }

                break;
            default:
                if (_state == MpiIocState.Fault)
                {
                    value |= _faultCode;
                }

                break;
        }

        return value;
    }

    private uint ReadInterruptStatus()
    {
        ReleaseDueReplies();
        uint value = _interruptStatus;
        if (_clock.Now < _doorbellAcknowledgedAt)
        {
            value |= MpiRegister.HisIopDoorbellStatus;
        }

        return value;
    }

    private uint ReadReplyPost()
    {
        ReleaseDueReplies();
        if (_replyPost.TryPop(out uint descriptor))
        {
            return descriptor;
        }

        // An empty read is what clears the reply interrupt.
        _interruptStatus &= ~MpiRegister.HisReplyInterrupt;
        return MpiRegister.ReplyQueueEmpty;
    }

    private void WriteInterruptStatus()
    {
        if (_doorbellPhase == DoorbellPhase.Replying)
        {
            // DI stays up while the reply is read; the write after the last word ends the handshake.
            if (_handshakeReplyIndex >= _handshakeReplyWords)
            {
                _doorbellPhase = DoorbellPhase.Idle;
            }

            return;
        }

        _interruptStatus &= ~MpiRegister.HisDoorbellInterrupt;
    }

    private void WriteDoorbell(uint value)
    {
        if (_state == MpiIocState.Reset)
        {
            // The firmware is still booting: nothing listens to the doorbell.
            return;
        }

        AcknowledgeDoorbellLater();
        if (_doorbellPhase == DoorbellPhase.Receiving)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_handshakeRequest.AsSpan(_handshakeReceivedDwords * 4), value);
            _handshakeReceivedDwords++;
            if (_handshakeReceivedDwords == _handshakeExpectedDwords)
            {
                ProcessHandshakeMessage();
            }

            return;
        }

        switch ((byte)(value >> MpiRegister.DoorbellFunctionShift))
        {
            case MpiFunction.IocMessageUnitReset:
            case MpiFunction.IoUnitReset:
                MessageUnitReset(resetTargets: true);
                break;
            case MpiFunction.Handshake:
                if (_state == MpiIocState.Fault)
                {
                    // A faulted IOC answers nothing but resets.
                    return;
                }

                _doorbellPhase = DoorbellPhase.Receiving;
                _handshakeExpectedDwords = (int)((value >> MpiRegister.DoorbellAddDwordsShift) & 0xFF);
                _handshakeReceivedDwords = 0;
                _interruptStatus |= MpiRegister.HisDoorbellInterrupt;
                if (_handshakeExpectedDwords == 0)
                {
                    ProcessHandshakeMessage();
                }

                break;
            default:
                // Unknown doorbell functions are ignored, as by QEMU.
                break;
        }
    }

    private void AcknowledgeDoorbellLater()
    {
        // HIS bit 31 reads 1 until the IOC "consumes" the write; with latency 0 it is never seen.
        _doorbellAcknowledgedAt = _latency == 0 ? 0 : _clock.After(_latency);
    }

    private void WriteWriteSequence(uint value)
    {
        // Once unlocked, any write re-locks; a wrong key restarts the sequence.
        if ((_diagnostic & MpiRegister.DiagWriteEnable) != 0 || (value & MpiRegister.WriteSequenceKeyMask) != WriteSequenceKeys[_writeSequenceIndex])
        {
            _diagnostic &= ~MpiRegister.DiagWriteEnable;
            _writeSequenceIndex = 0;
            return;
        }

        _writeSequenceIndex++;
        if (_writeSequenceIndex == WriteSequenceKeys.Length)
        {
            _diagnostic |= MpiRegister.DiagWriteEnable;
            _writeSequenceIndex = 0;
        }
    }

    private void WriteHostDiagnostic(uint value)
    {
        if ((_diagnostic & MpiRegister.DiagWriteEnable) == 0)
        {
            // Locked: the register ignores writes until the key sequence has been written.
            return;
        }

        if ((value & MpiRegister.DiagResetAdapter) != 0)
        {
            HardReset(powerOn: false);
            return;
        }

        // The host clears RESET_HISTORY by writing it as 0; DIAG_RW_ENABLE is kept as written.
        _diagnostic = (_diagnostic & MpiRegister.DiagWriteEnable)
            | (value & MpiRegister.DiagRwEnable)
            | (_diagnostic & value & MpiRegister.DiagResetHistory);
    }

    private void FreeReplyFrame(uint address)
    {
        if (_state is MpiIocState.Reset or MpiIocState.Fault)
        {
            return;
        }

        if (!_replyFree.TryPush(address))
        {
            SetFault(MpiIocStatus.InsufficientResources, "reply free FIFO overflow (more than 128 frames posted)");
        }
    }

    private void MessageUnitReset(bool resetTargets)
    {
        _pending.Clear();
        _replyFree.Clear();
        _replyPost.Clear();
        _interruptStatus = 0;
        _doorbellPhase = DoorbellPhase.Idle;
        _portEnabled = false;
        _faultReason = null;
        _faultCode = 0;
        if (resetTargets)
        {
            // The SAS domain sees the reset (a target may raise UNIT ATTENTION).
            foreach (var target in _targets)
            {
                target?.Reset();
            }
        }

        EnterResetState();
    }

    private void HardReset(bool powerOn)
    {
        _hung = false;
        _hungDoorbellWritten = false;
        // At creation the targets are fresh; every later reset reaches them.
        MessageUnitReset(resetTargets: _constructed);
        _interruptMask = MpiRegister.HimDoorbellMask | MpiRegister.HimReplyMask;
        _hostMfaHigh = 0;
        _senseBufferHigh = 0;
        _replyFrameSize = 0;
        _maxDevices = DefaultMaxDevices;
        _maxBuses = 1;
        _whoInit = 0;
        _doorbellAcknowledgedAt = 0;
        if (powerOn)
        {
            _diagnostic = 0;
            _writeSequenceIndex = 0;
        }
        else
        {
            _diagnostic = (_diagnostic & MpiRegister.DiagWriteEnable) | MpiRegister.DiagResetHistory;
        }
    }

    private void EnterResetState()
    {
        // Real firmware passes through RESET while it reboots; the host polls the doorbell until READY.
        // It reboots once it has consumed the doorbell write that asked for the reset.
        _resetDoneAt = Math.Max(_doorbellAcknowledgedAt, _clock.Now) + (ulong)_resetLatency;
        _state = _resetLatency == 0 ? MpiIocState.Ready : MpiIocState.Reset;
    }

    private void SetFault(ushort code, string reason)
    {
        if (_state == MpiIocState.Fault)
        {
            return;
        }

        _state = MpiIocState.Fault;
        _faultCode = code;
        _faultReason = reason;
        _doorbellPhase = DoorbellPhase.Idle;
        _pending.Clear();
    }

    private void ReleaseDueReplies()
    {
        while (_state != MpiIocState.Fault && _pending.TryPeekDue(_clock.Now, out int index))
        {
            ref var reply = ref _pending.Entry(index);
            if (reply.Turbo)
            {
                PostDescriptor(reply.Context);
            }
            else
            {
                PostAddressReply(_pending.Slot(index)[..reply.Length]);
            }

            if (_state != MpiIocState.Fault)
            {
                _pending.Dequeue();
            }
        }
    }

    private void PostDescriptor(uint descriptor)
    {
        if (!_replyPost.TryPush(descriptor))
        {
            SetFault(MpiIocStatus.InsufficientResources, "reply post FIFO full");
            return;
        }

        _interruptStatus |= MpiRegister.HisReplyInterrupt;
    }

    private void PostAddressReply(ReadOnlySpan<byte> reply)
    {
        if (_replyPost.IsFull)
        {
            SetFault(MpiIocStatus.InsufficientResources, "reply post FIFO full");
            return;
        }

        if (!_replyFree.TryPop(out uint frameLow))
        {
            SetFault(MpiIocStatus.InsufficientResources, "reply free FIFO empty: the host did not return reply frames");
            return;
        }

        ulong frame = _hostMfaHigh | frameLow;
        int length = Math.Min(_replyFrameSize, reply.Length);
        if (!_memory.TryWrite(frame, reply[..length]))
        {
            SetFault(MpiIocStatus.InternalError, string.Create(CultureInfo.InvariantCulture, $"bus error writing the reply frame at 0x{frame:X}"));
            return;
        }

        PostDescriptor(MpiRegister.AddressReplyFlag | (frameLow >> 1));
    }

    /// <summary>Queues a reply for posting after the completion latency; faults when too many are outstanding.</summary>
    private void QueueReply(bool turbo, uint context, ReadOnlySpan<byte> reply, bool isScsiIo = false, byte targetId = 0, byte lun = 0)
    {
        var entry = new PendingReply
        {
            DueAt = _clock.After(_latency),
            Turbo = turbo,
            Context = context,
            Length = reply.Length,
            IsScsiIo = isScsiIo,
            TargetId = targetId,
            Lun = lun,
        };
        int index = _pending.Enqueue(entry);
        if (index < 0)
        {
            SetFault(MpiIocStatus.InsufficientResources, "more requests outstanding than the IOC has credits for");
            return;
        }

        reply.CopyTo(_pending.Slot(index));
        if (_latency == 0)
        {
            ReleaseDueReplies();
        }
    }
}
