using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// A device's sense of time: the dump stack's stall clock (the only time that passes in crash mode) plus the time the
/// host spent reading the device's registers, each read a bus round trip of about a microsecond. So a latency in
/// microseconds elapses for a miniport that stalls between polls as for one that spins on a register, and a
/// completion never waits forever on a host that never stalls.
/// </summary>
public sealed class DeviceClock
{
    /// <summary>What one register read costs: an uncached PCI read takes about a microsecond.</summary>
    public const ulong RegisterReadMicroseconds = 1;

    private readonly IStallClock _stallClock;
    private ulong _readTime;

    /// <summary>Creates the clock.</summary>
    /// <param name="stallClock">The dump stack's stall clock; <see langword="null"/>: a private one nobody stalls, so
    /// only register reads advance time (a unit test that polls).</param>
    public DeviceClock(IStallClock? stallClock)
    {
        _stallClock = stallClock ?? new VirtualStallClock();
    }

    /// <summary>Microseconds since the device was created (stalls plus register reads).</summary>
    public ulong Now => _stallClock.ElapsedMicroseconds + _readTime;

    /// <summary>Counts one register read.</summary>
    public void RegisterRead() => _readTime += RegisterReadMicroseconds;

    /// <summary>The time <paramref name="microseconds"/> from now.</summary>
    /// <param name="microseconds">The delay.</param>
    /// <returns>The deadline.</returns>
    public ulong After(long microseconds) => Now + (ulong)Math.Max(0, microseconds);
}
