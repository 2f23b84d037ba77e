namespace DumpFramework.Abstractions.Hardware;

/// <summary>
/// The only clock of crash mode: the stall routine (KeStallExecutionProcessor / ScsiPortStallExecution). Time in the
/// dump stack is the sum of stalls, which is how the dump port counts timeouts; emulated devices measure their own
/// latencies against the same clock.
/// </summary>
public interface IStallClock
{
    /// <summary>Busy-waits (in emulation: advances the clock by) the given time.</summary>
    /// <param name="microseconds">Microseconds to stall.</param>
    void Stall(uint microseconds);

    /// <summary>Microseconds stalled since the clock was created.</summary>
    ulong ElapsedMicroseconds { get; }
}
