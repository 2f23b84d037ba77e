using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// A common buffer allocated by <see cref="PhysicalAddressSpace"/>: a pinned managed array placed at a physical
/// address outside the dumped memory. The driver's <see cref="Span"/> and a device's DMA through the address space
/// reach the same bytes.
/// </summary>
public sealed class DmaBuffer : IDmaBuffer
{
    private readonly byte[] _data;

    internal DmaBuffer(ulong physicalAddress, int length, ulong reservedLength)
    {
        PhysicalAddress = physicalAddress;
        ReservedLength = reservedLength;
        _data = GC.AllocateArray<byte>(length, pinned: true);
    }

    /// <inheritdoc />
    public ulong PhysicalAddress { get; }

    /// <inheritdoc />
    public int Length => _data.Length;

    /// <inheritdoc />
    public Span<byte> Span => _data;

    /// <summary>The buffer as memory, for code that must hold on to it across calls.</summary>
    public Memory<byte> Memory => _data;

    /// <summary>The physical addresses the buffer maps (exactly <see cref="Length"/> bytes).</summary>
    public PhysicalRange Range => new(PhysicalAddress, (ulong)_data.Length);

    /// <summary>Bytes of physical address space reserved for the buffer (whole pages).</summary>
    internal ulong ReservedLength { get; }

    /// <summary>The backing array, for the address space's copies.</summary>
    internal byte[] Data => _data;
}
