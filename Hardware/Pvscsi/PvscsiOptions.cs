using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Pvscsi;

/// <summary>Behaviour switches of a <see cref="PvscsiController"/>.</summary>
public sealed class PvscsiOptions
{
    /// <summary>How long a kicked request takes, in microseconds of device time (<see cref="Memory.DeviceClock"/>:
    /// stalls plus register reads); it completes at the first read of INTR_STATUS after that. 0 completes it inside
    /// the kick, as QEMU does. Default 50 µs: the host's I/O behind a paravirtual adapter.</summary>
    public int CompletionLatency { get; init; } = 50;

    /// <summary>What the normal-mode driver left the adapter doing at the bugcheck (manifest <c>hardware.crash_state</c>):
    /// rings set up in the old driver's memory with completions posted and unread (running), no rings (power-on),
    /// failing every command until ADAPTER_RESET (faulted), or ignoring every register but ADAPTER_RESET (hung).
    /// Default <see cref="Contracts.ControllerCrashState.PowerOn"/>, a device as constructed; manifests default to
    /// running, as at a real bugcheck (<see cref="Controllers.ControllerEnvironment"/>).</summary>
    public Contracts.ControllerCrashState CrashState { get; init; } = Contracts.ControllerCrashState.PowerOn;

    /// <summary>The stall clock latencies run on; <see langword="null"/>: only register reads advance time.</summary>
    public IStallClock? Clock { get; init; }

    /// <summary>Fault injection: the Nth request fetched (1-based) never completes on its own — the adapter has stopped
    /// answering — until an adapter, bus or device reset ends it with BUSRESET. <see langword="null"/>: no hang.</summary>
    public int? HangRequestNumber { get; init; }
}
