using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.Tests.Filters.TestSupport;

/// <summary>Test harness only: a DMA buffer backed by a managed array.</summary>
internal sealed class HarnessDmaBuffer(ulong physicalAddress, byte[] bytes) : IDmaBuffer
{
    public ulong PhysicalAddress { get; } = physicalAddress;

    public int Length => Bytes.Length;

    public Span<byte> Span => Bytes;

    public byte[] Bytes { get; } = bytes;
}
