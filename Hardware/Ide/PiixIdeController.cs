using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Ide;

/// <summary>
/// An Intel PIIX3-style IDE function (8086:7010, class 01/01, prog-if 0x80) with its primary channel: a master and an
/// optional slave ATA disk over raw block devices, the legacy task file with HOB shadowing, Device Control, and
/// bus-master DMA with PRD tables. Register windows in BAR order: [0] command block (8 bytes), [1] control block
/// (Alternate Status / Device Control, 1 byte), [2] bus-master registers of the primary channel (8 bytes). Commands
/// finish inside the register write or after <see cref="PiixIdeOptions.CompletionLatency"/> status polls; every DMA goes
/// through <see cref="IPhysicalMemory"/>, and driver mistakes end in ATA or bus-master error status, never in an
/// exception.
/// </summary>
public sealed class PiixIdeController : IEmulatedController
{
    private readonly IdeChannel _channel;
    private readonly IRegisterSpace[] _spaces;

    /// <summary>Creates the controller.</summary>
    /// <param name="memory">The physical address space the bus master reaches.</param>
    /// <param name="master">The device 0 disk, or <see langword="null"/> for none.</param>
    /// <param name="slave">The device 1 disk, or <see langword="null"/> for none.</param>
    /// <param name="options">Latency, identity strings and fault injection; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option or a disk's block size cannot be modelled.</exception>
    public PiixIdeController(IPhysicalMemory memory, IBlockDevice? master, IBlockDevice? slave, PiixIdeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        Options = options ?? new PiixIdeOptions();
        if (Options.CompletionLatency < 0)
        {
            throw new ArgumentException($"CompletionLatency must be 0 or more, not {Options.CompletionLatency}.", nameof(options));
        }

        if (Options.ResetLatency < 0)
        {
            throw new ArgumentException($"ResetLatency must be 0 or more, not {Options.ResetLatency}.", nameof(options));
        }

        var masterDisk = master is null ? null : new AtaDisk(master, Options, 0);
        var slaveDisk = slave is null ? null : new AtaDisk(slave, Options, 1);
        _channel = new IdeChannel(memory, masterDisk, slaveDisk, Options);
        _spaces = [new IdeCommandBlockWindow(_channel), new IdeControlBlockWindow(_channel), new BusMasterWindow(_channel)];
        switch (Options.CrashState)
        {
            case ControllerCrashState.Running:
                _channel.EnterRunningState();
                break;
            case ControllerCrashState.Faulted:
                _channel.EnterFaultedState();
                break;
            case ControllerCrashState.Hung:
                _channel.EnterHungState();
                break;
        }
    }

    /// <summary>The options the controller was built with.</summary>
    public PiixIdeOptions Options { get; }

    /// <inheritdoc/>
    public string Model => "Intel PIIX3 IDE";

    /// <inheritdoc/>
    public PciIdentity Pci { get; } = new(0x8086, 0x7010, 0x0000, 0x0000, 0x010180, 0x00);

    /// <inheritdoc/>
    public IReadOnlyList<IRegisterSpace> RegisterSpaces => _spaces;

    /// <inheritdoc/>
    public bool InterruptAsserted => _channel.InterruptAsserted;

    /// <inheritdoc/>
    public string? Fault => _channel.Fault;

    /// <inheritdoc/>
    public void Reset() => _channel.PowerOnReset();
}
