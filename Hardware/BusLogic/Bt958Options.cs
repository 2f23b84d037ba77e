using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.BusLogic;

/// <summary>Behaviour switches of a <see cref="Bt958Controller"/>.</summary>
public sealed class Bt958Options
{
    /// <summary>How long a started CCB takes, in microseconds of device time (<see cref="Memory.DeviceClock"/>: stalls
    /// plus register reads); it executes and its incoming mailbox is loaded at the first read of the interrupt register
    /// after that. 0 completes it inside the execute-mailbox write, as VirtualBox's worker nearly does. Default 100 µs:
    /// the adapter firmware's CCB handling plus the host's I/O behind VMware's emulation.</summary>
    public int CompletionLatency { get; init; } = 100;

    /// <summary>How long a hard or soft reset's diagnostics run (Diagnostic Active set, the adapter answering nothing
    /// else), in microseconds of device time: a real BT-958's self-test takes a fraction of a second (Linux's BusLogic
    /// driver allows 5 s for it to start and 10 s to end). Default 0: VMware's emulation ends them at once. Diagnostic
    /// Active shows for at least two status reads whatever the latency, as Linux waits to see it set.</summary>
    public int ResetLatency { get; init; }

    /// <summary>The stall clock latencies run on; <see langword="null"/>: only register reads advance time.</summary>
    public IStallClock? Clock { get; init; }

    /// <summary>Fault injection: the Nth CCB started (1-based) never completes on its own, as if the host adapter
    /// stopped answering, until a hard or soft reset drops it or a SCSI bus reset ends it.
    /// <see langword="null"/>: no hang.</summary>
    public int? HangRequestNumber { get; init; }

    /// <summary>What the normal-mode driver left the adapter doing at the bugcheck. Default
    /// <see cref="ControllerCrashState.Running"/>.</summary>
    public ControllerCrashState CrashState { get; init; } = ControllerCrashState.Running;
}
