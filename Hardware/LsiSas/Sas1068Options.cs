using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>Behaviour switches of the <see cref="Sas1068Controller"/> model.</summary>
public sealed class Sas1068Options
{
    /// <summary>
    /// How long the IOC takes, in microseconds of device time (<see cref="Memory.DeviceClock"/>: stalls plus register
    /// reads): a reply is posted that long after its request, HIS bit 31 (doorbell not yet consumed) stays set that long
    /// after each doorbell write, and a reset keeps the IOC in RESET that long. 0: everything happens inside the
    /// register write. Default 100 µs, a SAS disk behind real firmware.
    /// </summary>
    public int CompletionLatency { get; init; } = 100;

    /// <summary>How long a message unit or diagnostic reset keeps the IOC in RESET before READY, in microseconds of
    /// device time: the firmware's reboot, on the order of a second on a real SAS1068 (Linux's mptbase allows it a
    /// minute). <see langword="null"/>: <see cref="CompletionLatency"/>.</summary>
    public int? ResetLatency { get; init; }

    /// <summary>The stall clock latencies run on; <see langword="null"/>: only register reads advance time.</summary>
    public IStallClock? Clock { get; init; }

    /// <summary>Fault injection: the Nth SCSI IO request posted (1-based) is taken from the request FIFO but never
    /// answered, as if the IOC had stopped answering, until a message unit or diagnostic reset drops it.
    /// <see langword="null"/>: no hang.</summary>
    public int? HangRequestNumber { get; init; }

    /// <summary>What the normal-mode driver left the IOC doing at the bugcheck (manifest <c>hardware.crash_state</c>):
    /// OPERATIONAL with its reply frames in the free FIFO and unconsumed replies posted (running), READY (power-on),
    /// FAULT 0x0004 (faulted), or firmware that never answers the doorbell nor posts a reply until a diagnostic reset
    /// (hung). Default <see cref="ControllerCrashState.PowerOn"/>, a device as constructed; manifests default to
    /// running, as at a real bugcheck (<see cref="Controllers.ControllerEnvironment"/>).</summary>
    public ControllerCrashState CrashState { get; init; } = ControllerCrashState.PowerOn;
}
