using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Scsi;

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
        _requestRing = new PvscsiRing(PvscsiLayout.RequestLength);
        _completionRing = new PvscsiRing(PvscsiLayout.CompletionLength);
        _transfer = new SegmentedDataTransfer(memory);
        RegisterSpaces = [new PvscsiRegisterSpace(this)];
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
            _interruptStatus = 0;
            _interruptMask = 0;
            _currentCommand = PvscsiCommand.None;
            _commandWords = 0;
            _commandStatus = PvscsiRegisters.StatusSuccess;
            _statusReads = 0;
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
            switch (offset)
            {
                case PvscsiRegisters.CommandStatus:
                    return _commandStatus;
                case PvscsiRegisters.InterruptStatus:
                    // A polled driver's status read is the device's clock for deferred completions.
                    _statusReads++;
                    CompleteDueRequests();
                    PostHeldCompletions();
                    ResumeFetching();
                    return _interruptStatus;
                case PvscsiRegisters.InterruptMask:
                    return _interruptMask;
                default:
                    return 0;
            }
        }
    }

    /// <summary>A dword write of BAR0.</summary>
    /// <param name="offset">Dword-aligned offset inside the BAR.</param>
    /// <param name="value">The value.</param>
    internal void WriteRegister(int offset, uint value)
    {
        lock (_lock)
        {
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
