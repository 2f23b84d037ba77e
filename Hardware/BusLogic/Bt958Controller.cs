using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.BusLogic;

/// <summary>
/// The BusLogic BT-958 (MultiMaster "W" series, PCI 104B:1040, firmware 5.07B), the adapter VMware emulates and
/// <c>vmscsi.sys</c> drives; modelled on VirtualBox's DevBusLogic and on the command protocol Linux's BusLogic driver
/// uses. Four byte-wide I/O ports (control/status, command-parameter/data-in, interrupt, geometry), a byte-wise host
/// adapter command protocol, and outgoing/incoming mailboxes plus CCBs in guest memory reached by DMA through
/// <see cref="IPhysicalMemory"/>. Bad commands and CCBs are answered as the firmware answers them (CMDINV, an
/// incoming mailbox with an error status), never with an exception.
/// </summary>
/// <remarks>Register accesses are serialised by a lock; CCBs execute synchronously on the accessing thread.</remarks>
public sealed partial class Bt958Controller : IEmulatedController
{
    /// <summary>Targets on the wide bus; the host adapter itself is ID 7.</summary>
    public const int MaximumTargets = 16;

    /// <summary>The host adapter's own SCSI ID.</summary>
    public const int HostAdapterId = 7;

    /// <summary>Where a normal-mode driver left its extended mailboxes in <see cref="ControllerCrashState.Running"/>
    /// (memory the dump miniport does not own).</summary>
    public const uint RunningMailboxBase = 0x0009_E000;

    /// <summary>Mailboxes the normal-mode driver had set up in <see cref="ControllerCrashState.Running"/>.</summary>
    public const int RunningMailboxCount = 32;

    /// <summary>Status reads that show DACT after a reset before diagnostics end (Linux waits to see it set, then
    /// clear; VirtualBox ends it on the first read after 50 ms).</summary>
    internal const int DiagnosticStatusReads = 2;

    /// <summary>104B:1040 (BusLogic MultiMaster), subsystem 104B:1040, class 01/00/00 (SCSI bus controller).</summary>
    private static readonly PciIdentity Identity = new(0x104B, 0x1040, 0x104B, 0x1040, 0x01_00_00, 0x01);

    private readonly IPhysicalMemory _memory;
    private readonly IScsiTarget?[] _targets = new IScsiTarget?[MaximumTargets];
    private readonly Lock _lock = new();
    private readonly DeviceClock _clock;
    private byte _status;
    private byte _interrupt;
    private byte _pendingInterrupt;
    private byte _geometry;
    private int _diagnosticReadsLeft;
    private ulong _diagnosticsDoneAt;
    private bool _interruptLineEnabled;
    private bool _faulted;
    private bool _hung;
    private string? _lastError;

    /// <summary>Creates the adapter in the state <see cref="Bt958Options.CrashState"/> names.</summary>
    /// <param name="memory">Guest physical memory, for mailboxes, CCBs, SG lists and data.</param>
    /// <param name="targets">The targets by SCSI ID (0 to 15, not 7).</param>
    /// <param name="options">Behaviour switches; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A target ID is outside 0..15, is the host adapter's 7, or a target is
    /// <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Bt958Options.CompletionLatency"/> is negative or the
    /// crash state is not one of <see cref="ControllerCrashState"/>.</exception>
    public Bt958Controller(IPhysicalMemory memory, IReadOnlyDictionary<int, IScsiTarget> targets, Bt958Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(targets);
        Options = options ?? new Bt958Options();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.CompletionLatency, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(Options.ResetLatency, nameof(options));
        _clock = new DeviceClock(Options.Clock);
        if (!Enum.IsDefined(Options.CrashState))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.CrashState, "Unknown crash state.");
        }

        foreach (var (id, target) in targets)
        {
            if (id is < 0 or >= MaximumTargets || id == HostAdapterId)
            {
                throw new ArgumentException($"Target ID {id} is outside 0..{MaximumTargets - 1} or is the host adapter's own ID {HostAdapterId}.", nameof(targets));
            }

            _targets[id] = target ?? throw new ArgumentException($"Target {id} is null.", nameof(targets));
        }

        _memory = memory;
        _transfer = new SegmentedDataTransfer(memory);
        RegisterSpaces = [new Bt958IoWindow(this), new Bt958MemoryWindow()];
        ResetHostAdapter(diagnostics: false, resetScsiBus: false);
        EnterCrashState(Options.CrashState);
    }

    /// <inheritdoc />
    public string Model => "BusLogic BT-958";

    /// <inheritdoc />
    public PciIdentity Pci => Identity;

    /// <inheritdoc />
    public IReadOnlyList<IRegisterSpace> RegisterSpaces { get; }

    /// <summary>The options the adapter was created with.</summary>
    public Bt958Options Options { get; }

    /// <inheritdoc />
    /// <remarks>The interrupt register latches whether or not the line is enabled, so a polled driver sees IMBL
    /// and CMDC with the line disabled (command 0x25).</remarks>
    public bool InterruptAsserted
    {
        get
        {
            lock (_lock)
            {
                return _interruptLineEnabled && (_interrupt & BusLogicRegisters.InterruptValid) != 0;
            }
        }
    }

    /// <inheritdoc />
    public string? Fault
    {
        get
        {
            lock (_lock)
            {
                return _faulted ? "diagnostic failure (status DFAIL): only a hard reset recovers the host adapter"
                    : _hung ? "not responding (status frozen): only a hard reset recovers the host adapter"
                    : null;
            }
        }
    }

    /// <summary>Why the last command, mailbox or CCB was refused (for diagnostics), or <see langword="null"/>.</summary>
    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>A PCI reset: the power-on state (no diagnostics to wait for, faults and hangs gone).</remarks>
    public void Reset()
    {
        lock (_lock)
        {
            _faulted = false;
            _hung = false;
            ResetHostAdapter(diagnostics: false, resetScsiBus: true);
        }
    }

    /// <summary>A byte read of one of the four ports.</summary>
    /// <param name="register">0 status, 1 data in, 2 interrupt, 3 geometry.</param>
    /// <returns>The register value.</returns>
    internal byte ReadRegister(int register)
    {
        lock (_lock)
        {
            // Every register read is an uncached bus round trip: device time passes even for a driver that never stalls.
            _clock.RegisterRead();
            switch (register)
            {
                case BusLogicRegisters.ControlStatus:
                    return ReadStatus();
                case BusLogicRegisters.CommandDataIn:
                    return _hung ? (byte)0 : ReadDataIn();
                case BusLogicRegisters.Interrupt:
                    if (!_hung && !_faulted)
                    {
                        // A polled driver reads the interrupt register to learn of completions: CCBs due by now finish.
                        CompleteDueCcbs();
                    }

                    return _interrupt;
                default:
                    return _geometry;
            }
        }
    }

    /// <summary>A byte write of one of the four ports.</summary>
    /// <param name="register">0 control, 1 command/parameter, 2 interrupt, 3 geometry.</param>
    /// <param name="value">The byte.</param>
    internal void WriteRegister(int register, byte value)
    {
        lock (_lock)
        {
            if (register == BusLogicRegisters.ControlStatus && (value & BusLogicRegisters.ControlHardReset) != 0)
            {
                // A hard reset is the one thing that reaches hung or faulted firmware.
                _hung = false;
                _faulted = false;
                ResetHostAdapter(diagnostics: true, resetScsiBus: true);
                return;
            }

            if (_hung)
            {
                return;
            }

            switch (register)
            {
                case BusLogicRegisters.ControlStatus:
                    WriteControl(value);
                    break;
                case BusLogicRegisters.CommandDataIn:
                    if (!_faulted && _diagnosticReadsLeft == 0)
                    {
                        WriteCommand(value);
                    }

                    break;
                case BusLogicRegisters.Interrupt:
                    // BusLogic (unlike the Adaptec 154x) lets the interrupt register be written.
                    _interrupt = value;
                    break;
                default:
                    _geometry = value;
                    break;
            }
        }
    }

    private byte ReadStatus()
    {
        // Diagnostics end once the reset latency has passed and the host has seen them running.
        if (_diagnosticReadsLeft > 0 || (_diagnosticsDoneAt != 0 && _clock.Now < _diagnosticsDoneAt))
        {
            _diagnosticReadsLeft = Math.Max(0, _diagnosticReadsLeft - 1);
            return BusLogicRegisters.StatusDiagnosticActive;
        }

        _diagnosticsDoneAt = 0;

        return _status;
    }

    private void WriteControl(byte value)
    {
        if ((value & BusLogicRegisters.ControlSoftReset) != 0)
        {
            // Diagnostics run again; a failed adapter fails them again (only a hard reset clears the fault).
            ResetHostAdapter(diagnostics: true, resetScsiBus: false);
            return;
        }

        if (_faulted)
        {
            return;
        }

        if ((value & BusLogicRegisters.ControlInterruptReset) != 0)
        {
            ClearInterrupt();
        }

        if ((value & BusLogicRegisters.ControlScsiBusReset) != 0)
        {
            ResetScsiBus();
        }
    }

    /// <summary>The host adapter's reset: registers, command state, mailbox setup and local RAM to their defaults;
    /// CCBs in flight are dropped without completion (no DMA happens across a reset).</summary>
    private void ResetHostAdapter(bool diagnostics, bool resetScsiBus)
    {
        _status = _faulted ? BusLogicRegisters.StatusDiagnosticFailure : BusLogicRegisters.StatusAfterReset;
        _geometry = BusLogicRegisters.GeometryExtendedTranslation;
        _interrupt = 0;
        _pendingInterrupt = 0;
        _interruptLineEnabled = true;
        _diagnosticReadsLeft = diagnostics ? DiagnosticStatusReads : 0;
        _diagnosticsDoneAt = diagnostics ? _clock.After(Options.ResetLatency) : 0;
        _lastError = null;
        ResetCommandState();
        ResetMailboxState();
        InitializeLocalRam();
        if (resetScsiBus)
        {
            ResetTargets(null);
        }
    }

    /// <summary>Sets the adapter up as the normal-mode driver left it at the bugcheck.</summary>
    private void EnterCrashState(ControllerCrashState state)
    {
        switch (state)
        {
            case ControllerCrashState.Running:
                // Initialized by the boot driver: extended mailboxes in its memory, strict round-robin, part way round
                // the rings, and a completion it had not consumed yet with IMBL latched.
                _mailboxCount = RunningMailboxCount;
                _outgoingBase = RunningMailboxBase;
                _incomingBase = RunningMailboxBase + (RunningMailboxCount * BusLogicMailbox.ExtendedLength);
                _outgoingPosition = 5;
                _incomingPosition = 5;
                _strictRoundRobin = true;
                _extendedLunFormat = true;
                _status = BusLogicRegisters.StatusHostAdapterReady;
                _interrupt = BusLogicRegisters.InterruptValid | BusLogicRegisters.InterruptIncomingMailboxLoaded;
                break;
            case ControllerCrashState.Faulted:
                _faulted = true;
                _status = BusLogicRegisters.StatusDiagnosticFailure;
                break;
            case ControllerCrashState.Hung:
                // Firmware stopped with a command byte it never took: busy, not ready, and nothing changes.
                _hung = true;
                _status = BusLogicRegisters.StatusCommandParameterBusy;
                break;
            default:
                break;
        }
    }

    /// <summary>Latches an interrupt cause as the BT-958 does: CMDC is reported at once unless a CMDC is already
    /// latched; IMBL and OMBR wait while a CMDC is latched. The register latches whether or not the line is enabled.</summary>
    private void SetInterrupt(byte cause)
    {
        if ((_interrupt & BusLogicRegisters.InterruptCommandComplete) != 0)
        {
            _pendingInterrupt |= cause;
        }
        else
        {
            _interrupt |= (byte)(cause | BusLogicRegisters.InterruptValid);
        }
    }

    /// <summary>Interrupt reset (control bit 5): clears the register and CMDINV, then reports what was waiting.</summary>
    private void ClearInterrupt()
    {
        _interrupt = 0;
        _status &= unchecked((byte)~BusLogicRegisters.StatusCommandInvalid);
        if (_pendingInterrupt != 0)
        {
            byte pending = _pendingInterrupt;
            _pendingInterrupt = 0;
            if ((pending & BusLogicRegisters.InterruptCommandComplete) != 0)
            {
                SetInterrupt(BusLogicRegisters.InterruptCommandComplete);
                pending &= unchecked((byte)~BusLogicRegisters.InterruptCommandComplete);
            }

            if (pending != 0)
            {
                SetInterrupt(pending);
            }
        }
    }

    private void ResetTargets(int? only)
    {
        for (int id = 0; id < _targets.Length; id++)
        {
            if (_targets[id] is { } target && (only is null || only == id))
            {
                target.Reset();
            }
        }
    }

    private void Refuse(string reason) => _lastError = reason;
}
