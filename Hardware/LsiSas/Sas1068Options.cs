using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>Behaviour switches of the <see cref="Sas1068Controller"/> model.</summary>
public sealed class Sas1068Options
{
    /// <summary>
    /// How long completions take, counted in host polls. 0: replies are posted inside the request-FIFO write, the
    /// doorbell is acknowledged at once and resets finish immediately. N: a reply appears only after N reads of the
    /// interrupt status or reply FIFO register, HIS bit 31 (doorbell not yet consumed) stays set for N such reads after
    /// each doorbell write, and a reset keeps the IOC in RESET for N doorbell reads. Default 1, to exercise the
    /// miniport's polling loops.
    /// </summary>
    public int CompletionLatency { get; init; } = 1;

    /// <summary>Fault injection: the Nth SCSI IO request posted (1-based) is taken from the request FIFO but never
    /// answered, as if the IOC had stopped answering, until a message unit or diagnostic reset drops it.
    /// <see langword="null"/>: no hang.</summary>
    public int? HangRequestNumber { get; init; }

    /// <summary>What the normal-mode driver left the IOC doing at the bugcheck (manifest <c>hardware.crash_state</c>):
    /// OPERATIONAL with its reply frames in the free FIFO and unconsumed replies posted (running), READY (power-on),
    /// FAULT 0x0004 (faulted), or firmware that never answers the doorbell nor posts a reply until a diagnostic reset
    /// (hung). Default <see cref="ControllerCrashState.Running"/>, as at a real bugcheck.</summary>
    public ControllerCrashState CrashState { get; init; } = ControllerCrashState.Running;
}
