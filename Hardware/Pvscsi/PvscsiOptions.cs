namespace DumpFramework.Hardware.Pvscsi;

/// <summary>Behaviour switches of a <see cref="PvscsiController"/>.</summary>
public sealed class PvscsiOptions
{
    /// <summary>How many reads of INTR_STATUS a kicked request waits before it executes and completes. 0 (the
    /// default) completes it inside the kick, as QEMU does; N &gt; 0 leaves it outstanding for N polls so a polled
    /// driver's wait loop, and recovery by reset while requests are outstanding, are exercised.</summary>
    public int CompletionLatency { get; init; }

    /// <summary>Fault injection: the Nth request fetched (1-based) never completes on its own — the adapter has stopped
    /// answering — until an adapter, bus or device reset ends it with BUSRESET. <see langword="null"/>: no hang.</summary>
    public int? HangRequestNumber { get; init; }
}
