using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Scsi;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Pvscsi;

/// <summary>
/// The VMware paravirtual SCSI adapter (PCI 15AD:07C0), the model behind the historical <c>vmscsi</c> name
/// (hardware-models.md §3). One 32 KiB MMIO BAR with COMMAND / COMMAND_DATA / COMMAND_STATUS, INTR_STATUS (write 1
/// to clear), INTR_MASK (an enable mask) and two kick registers; request and completion rings and the rings-state
/// page live in guest memory and are reached by DMA through <see cref="IPhysicalMemory"/>. Malformed commands and
/// requests are answered as the device answers them (COMMAND_STATUS −1, or a completion with an error hostStatus),
/// never with an exception.
/// </summary>
/// <remarks>Register accesses are serialised by a lock; requests execute synchronously on the accessing thread.</remarks>
public sealed partial class PvscsiController : IEmulatedController
{
    /// <summary>15AD:07C0, subsystem 15AD:1000 (QEMU's), class 01/00/00 (SCSI bus controller).</summary>
    private static readonly PciIdentity Identity = new(0x15AD, 0x07C0, 0x15AD, 0x1000, 0x01_00_00, 0);

    private readonly IPhysicalMemory _memory;
    private readonly IScsiTarget?[] _targets = new IScsiTarget?[PvscsiLayout.MaximumTargets];
    private readonly Lock _lock = new();
    private uint _interruptStatus;
    private uint _interruptMask;
    private string? _lastError;
    private readonly DeviceClock _clock;

    // Faulted or Hung until ADAPTER_RESET (or a PCI reset); Running otherwise.
    private ControllerCrashState _stopped = ControllerCrashState.Running;

    /// <summary>Completions the normal-mode driver left unread in its ring (running crash state).</summary>
    internal const int NormalModeUnreadCompletions = 3;

    /// <summary>The context of the first of them; the others follow.</summary>
    internal const ulong NormalModeFirstContext = 0xFFFF_8000_0000_1000;

    /// <summary>Creates the adapter in its power-on state.</summary>
    /// <param name="memory">Guest physical memory, for the rings and data DMA.</param>
    /// <param name="targets">The targets on bus 0 by target ID (0 to 63).</param>
    /// <param name="options">Behaviour switches; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A target ID is outside 0..63 or a target is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="PvscsiOptions.CompletionLatency"/> is negative.</exception>
    public PvscsiController(IPhysicalMemory memory, IReadOnlyDictionary<int, IScsiTarget> targets, PvscsiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(targets);
        Options = options ?? new PvscsiOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.CompletionLatency, nameof(options));
        foreach (var (id, target) in targets)
        {
            if (id is < 0 or >= PvscsiLayout.MaximumTargets)
            {
                throw new ArgumentException($"Target ID {id} is outside 0..{PvscsiLayout.MaximumTargets - 1}.", nameof(targets));
            }

            _targets[id] = target ?? throw new ArgumentException($"Target {id} is null.", nameof(targets));
        }

        _memory = memory;
        _clock = new DeviceClock(Options.Clock);
        _requestRing = new PvscsiRing(PvscsiLayout.RequestLength);
        _completionRing = new PvscsiRing(PvscsiLayout.CompletionLength);
        _transfer = new SegmentedDataTransfer(memory);
        RegisterSpaces = [new PvscsiRegisterSpace(this)];
        switch (Options.CrashState)
        {
            case ControllerCrashState.Running:
                EnterRunningState();
                break;
            case ControllerCrashState.Faulted:
                _stopped = ControllerCrashState.Faulted;
                _lastError = "the adapter faulted before the dump stack started";
                break;
            case ControllerCrashState.Hung:
                EnterRunningState();
                _stopped = ControllerCrashState.Hung;
                break;
        }
    }

    /// <inheritdoc />
    public string Model => "VMware PVSCSI";

    /// <inheritdoc />
    public PciIdentity Pci => Identity;

    /// <inheritdoc />
    public IReadOnlyList<IRegisterSpace> RegisterSpaces { get; }

    /// <summary>The options the adapter was created with.</summary>
    public PvscsiOptions Options { get; }

    /// <inheritdoc />
    public bool InterruptAsserted
    {
        get
        {
            lock (_lock)
            {
                return (_interruptStatus & _interruptMask & PvscsiRegisters.InterruptAllSupported) != 0;
            }
        }
    }

    /// <summary>Always <see langword="null"/>: PVSCSI has no fault state; it refuses bad commands with status −1
    /// and bad requests with an error hostStatus (see <see cref="LastError"/>).</summary>
    public string? Fault => null;

    /// <summary>Why the last command or request was refused (for diagnostics), or <see langword="null"/>.</summary>
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
    public void Reset()
    {
        lock (_lock)
        {
            // A PCI reset drops everything in flight without a completion: no DMA happens during reset.
            ForgetRings();
            _stopped = ControllerCrashState.Running;
            _interruptStatus = 0;
            _interruptMask = 0;
            _currentCommand = PvscsiCommand.None;
            _commandWords = 0;
            _commandStatus = PvscsiRegisters.StatusSuccess;
            _lastError = null;
            ResetTargets(null);
        }
    }

    /// <summary>A dword read of BAR0.</summary>
    /// <param name="offset">Dword-aligned offset inside the BAR.</param>
    /// <returns>The register value; 0 for unimplemented offsets.</returns>
    internal uint ReadRegister(int offset)
    {
        lock (_lock)
        {
            // The read sees the adapter as it is when the read starts; the bus round trip then takes its time.
            uint value = offset switch
            {
                PvscsiRegisters.CommandStatus => _commandStatus,
                PvscsiRegisters.InterruptStatus when _stopped != ControllerCrashState.Running => _interruptStatus,
                PvscsiRegisters.InterruptStatus => ReadInterruptStatus(),
                PvscsiRegisters.InterruptMask => _interruptMask,
                _ => 0,
            };
            _clock.RegisterRead();
            return value;
        }
    }

    // A polled driver's status read is where deferred completions become visible.
    private uint ReadInterruptStatus()
    {
        CompleteDueRequests();
        PostHeldCompletions();
        ResumeFetching();
        return _interruptStatus;
    }

    /// <summary>A dword write of BAR0.</summary>
    /// <param name="offset">Dword-aligned offset inside the BAR.</param>
    /// <param name="value">The value.</param>
    internal void WriteRegister(int offset, uint value)
    {
        lock (_lock)
        {
            if (_stopped != ControllerCrashState.Running && !(offset == PvscsiRegisters.Command && value == (uint)PvscsiCommand.AdapterReset)
                && offset != PvscsiRegisters.InterruptMask)
            {
                // Faulted: every command fails; hung: nothing is heard at all. Only ADAPTER_RESET gets through.
                if (_stopped == ControllerCrashState.Faulted && offset is PvscsiRegisters.Command or PvscsiRegisters.CommandData)
                {
                    _commandStatus = PvscsiRegisters.StatusFailed;
                }

                return;
            }

            switch (offset)
            {
                case PvscsiRegisters.Command:
                    StartCommand(value);
                    break;
                case PvscsiRegisters.CommandData:
                    AcceptCommandData(value);
                    break;
                case PvscsiRegisters.InterruptStatus:
                    _interruptStatus &= ~value;

                    // The driver acknowledges after consuming completions: room may have appeared in the ring.
                    PostHeldCompletions();
                    ResumeFetching();
                    break;
                case PvscsiRegisters.InterruptMask:
                    _interruptMask = value;
                    break;
                case PvscsiRegisters.KickNonRwIo:
                case PvscsiRegisters.KickRwIo:
                    PostHeldCompletions();
                    FetchRequests();
                    break;
                default:
                    // DEBUG, LAST_STS and the MSI-X pages are not modelled; writes there have no effect.
                    break;
            }
        }
    }

    /// <summary>
    /// The running crash state: the normal-mode driver's rings (rings-state page, one request and one completion page)
    /// set up in its own memory, interrupts enabled, and completions it never read posted with CMPL_0 latched. A dump
    /// miniport that takes over without ADAPTER_RESET finds the adapter still pointing there.
    /// </summary>
    private void EnterRunningState()
    {
        ulong pages = NormalModeDriverMemory.Place(_memory, 3 * PvscsiLayout.PageSize);
        _requestRing.Set([pages + PvscsiLayout.PageSize]);
        _completionRing.Set([pages + (2 * PvscsiLayout.PageSize)]);
        _ringsStateAddress = pages;
        _requestConsumed = 0;
        _completionProduced = 0;
        Span<byte> state = stackalloc byte[PvscsiLayout.StateInitialisedLength];
        state.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(state[PvscsiLayout.StateRequestEntriesLog2..], _requestRing.EntriesLog2);
        BinaryPrimitives.WriteUInt32LittleEndian(state[PvscsiLayout.StateCompletionEntriesLog2..], _completionRing.EntriesLog2);
        _memory.TryWrite(pages, state);
        _ringsValid = true;
        _interruptMask = PvscsiRegisters.InterruptCompletion0;
        for (uint i = 0; i < NormalModeUnreadCompletions; i++)
        {
            Complete(PvscsiCompletion.FromAdapter(NormalModeFirstContext + i, PvscsiHostStatus.Success));
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

    private bool TryReadU32(ulong address, out uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        bool ok = _memory.TryRead(address, bytes);
        value = ok ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : 0;
        return ok;
    }

    private bool TryWriteU32(ulong address, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return _memory.TryWrite(address, bytes);
    }
}
