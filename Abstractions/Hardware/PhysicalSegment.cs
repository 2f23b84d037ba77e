namespace DumpFramework.Abstractions.Hardware;

/// <summary>One physically contiguous piece of a buffer: an entry of a scatter/gather list.</summary>
/// <param name="Address">Physical address of the first byte.</param>
/// <param name="Length">Length in bytes.</param>
public readonly record struct PhysicalSegment(ulong Address, uint Length);
