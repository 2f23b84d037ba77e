using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Host.Tests.CrashDump;

/// <summary>Test disk over an array; enforces block alignment like a real device.</summary>
internal sealed class ArrayBlockDevice(int size, int blockSize) : IBlockDevice
{
    public byte[] Bytes { get; } = new byte[size];

    public string Path => "memory";

    public long Length => Bytes.Length;

    public int LogicalBlockSize => blockSize;

    public int PhysicalBlockSize => blockSize;

    public bool IsReadOnly => false;

    public void Read(long offset, Span<byte> destination)
    {
        CheckAligned(offset, destination.Length);
        Bytes.AsSpan((int)offset, destination.Length).CopyTo(destination);
    }

    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        CheckAligned(offset, source.Length);
        source.CopyTo(Bytes.AsSpan((int)offset));
    }

    public void Flush()
    {
    }

    public void Dispose()
    {
    }

    private void CheckAligned(long offset, int length)
    {
        Assert.AreEqual(0L, offset % blockSize, $"offset 0x{offset:X} not block aligned");
        Assert.AreEqual(0, length % blockSize, $"length 0x{length:X} not block aligned");
        Assert.IsTrue(offset + length <= Bytes.Length, "past the end of the disk");
    }
}
