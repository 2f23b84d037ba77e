using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>Test harness only: a buffer carved from <see cref="TestHarnessPhysicalMemory"/>.</summary>
internal sealed class TestHarnessDmaBuffer(TestHarnessPhysicalMemory memory, ulong address, int length) : IDmaBuffer
{
    public ulong PhysicalAddress => address;

    public int Length => length;

    public Span<byte> Span => memory.View(address, length);
}
