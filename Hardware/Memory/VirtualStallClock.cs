using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// A stall clock that never sleeps: each stall only advances a counter. Time on the emulated dump path is the sum of
/// stalls, which keeps timeouts and device latencies deterministic and the bench fast.
/// </summary>
public sealed class VirtualStallClock : IStallClock
{
    private ulong _elapsedMicroseconds;
    private long _stallCount;

    /// <inheritdoc />
    public ulong ElapsedMicroseconds => Interlocked.Read(ref _elapsedMicroseconds);

    /// <summary>How many times <see cref="Stall"/> was called.</summary>
    public long StallCount => Interlocked.Read(ref _stallCount);

    /// <inheritdoc />
    public void Stall(uint microseconds)
    {
        Interlocked.Add(ref _elapsedMicroseconds, microseconds);
        Interlocked.Increment(ref _stallCount);
    }
}
