using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Abstractions.Port;

/// <summary>
/// DUMP_STACK_CONTEXT / DUMP_INITIALIZATION_CONTEXT: what crashdmp (the host) hands the dump port, prepared at
/// boot: the adapter, the saved target address, two 64 KiB common buffers, the stall routine and the dump mode.
/// </summary>
public sealed class DumpStackContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="adapter">The controller the dump disk hangs off, as drivers see it.</param>
    /// <param name="targetAddress">The dump disk's saved SCSI address (path/target/LUN; for ATA: channel/device).</param>
    /// <param name="commonBuffers">The DMA common buffers (<see cref="Drivers.DumpContract.CommonBufferCount"/> of
    /// <see cref="Drivers.DumpContract.CommonBufferSize"/> bytes).</param>
    /// <param name="memory">The physical address space the adapter masters.</param>
    /// <param name="clock">The stall routine.</param>
    public DumpStackContext(IAdapterResources adapter, ScsiAddress targetAddress, IReadOnlyList<IDmaBuffer> commonBuffers, IPhysicalMemory memory, IStallClock clock)
    {
        Adapter = adapter;
        TargetAddress = targetAddress;
        CommonBuffers = commonBuffers;
        Memory = memory;
        Clock = clock;
    }

    /// <summary>ModulePrefix: <c>dump_</c> for a crash dump, <c>hiber_</c> for hibernation.</summary>
    public string ModulePrefix { get; init; } = Drivers.DumpContract.CrashDumpPrefix;

    /// <summary>CrashDump: <see langword="true"/> for a crash dump, <see langword="false"/> for hibernation.</summary>
    public bool CrashDump { get; init; } = true;

    /// <summary>The adapter as drivers see it (its register windows, PCI identity and configuration space, as the port
    /// configuration saved at boot).</summary>
    public IAdapterResources Adapter { get; }

    /// <summary>TargetAddress: the dump disk, unchanged since boot.</summary>
    public ScsiAddress TargetAddress { get; }

    /// <summary>CommonBuffer[2] / PhysicalAddress[2].</summary>
    public IReadOnlyList<IDmaBuffer> CommonBuffers { get; }

    /// <summary>The physical address space (dumped memory and common buffers).</summary>
    public IPhysicalMemory Memory { get; }

    /// <summary>StallRoutine.</summary>
    public IStallClock Clock { get; }

    /// <summary>MaximumTransferSize the host allows per write, in bytes (the port may lower it further).</summary>
    public int MaximumTransferSize { get; init; } = 0x20000;

    /// <summary>The load name of the stack's miniport (e.g. <c>dump_LSI_SAS</c>), so that a port's messages can name the
    /// layer that failed.</summary>
    public string MiniportName { get; init; } = "the miniport";

    /// <summary>The miniport dump data its normal-mode instance saved at boot (PORT_CONFIGURATION_INFORMATION.MiniportDumpData),
    /// which the port passes on in the dump-mode configuration; empty when there is none, as in the bench by default.</summary>
    public ReadOnlyMemory<byte> MiniportDumpData { get; init; }

    /// <summary>Default request timeout in seconds (SRB TimeOutValue), counted in stall time.</summary>
    public uint RequestTimeoutSeconds { get; init; } = 30;
}
