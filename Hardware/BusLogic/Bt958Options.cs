using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.BusLogic;

/// <summary>Behaviour switches of a <see cref="Bt958Controller"/>.</summary>
public sealed class Bt958Options
{
    /// <summary>How many reads of the interrupt register a started CCB waits before it executes and its incoming
    /// mailbox is loaded. 0 completes it inside the execute-mailbox write, as VirtualBox's worker nearly does; the
    /// default 1 makes a polled driver's wait loop run at least once, as on real hardware.</summary>
    public int CompletionLatency { get; init; } = 1;

    /// <summary>Fault injection: the Nth CCB started (1-based) never completes on its own, as if the host adapter
    /// stopped answering, until a hard or soft reset drops it or a SCSI bus reset ends it.
    /// <see langword="null"/>: no hang.</summary>
    public int? HangRequestNumber { get; init; }

    /// <summary>What the normal-mode driver left the adapter doing at the bugcheck. Default
    /// <see cref="ControllerCrashState.Running"/>.</summary>
    public ControllerCrashState CrashState { get; init; } = ControllerCrashState.Running;
}
