using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Host.Orchestration;

/// <summary>A machine with no dumped memory: reading a dump back needs only the DMA buffers of the address space.</summary>
internal sealed class EmptyMemory : IMemorySource
{
    public IReadOnlyList<PhysicalRange> Ranges => [];

    public bool IsWritable => false;

    public string Description => "no memory (read-back only)";

    public bool TryRead(ulong address, Span<byte> destination) => false;

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source) => false;

    public void Dispose()
    {
    }
}
