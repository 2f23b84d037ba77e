namespace DumpFramework.Abstractions.Scsi;

/// <summary>ACCESS_RANGE: one register window of the adapter as the port configuration lists it.</summary>
/// <param name="RangeStart">Bus address of the window (a BAR value).</param>
/// <param name="RangeLength">Length in bytes.</param>
/// <param name="RangeInMemory">Whether it is memory space (<see langword="false"/> for I/O space).</param>
public readonly record struct AccessRange(ulong RangeStart, uint RangeLength, bool RangeInMemory);
