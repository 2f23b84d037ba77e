using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>
/// Host memory at a fixed physical address, read and written through the same address space the controller DMAs
/// in. Buffers in the synthetic run above 4 GiB have no managed span behind them, so every access is a copy.
/// </summary>
internal sealed class HostBuffer(IPhysicalMemory memory, ulong physicalAddress, int length)
{
    public ulong PhysicalAddress => physicalAddress;

    public int Length => length;

    public byte[] Read() => Read(0, length);

    public byte[] Read(int offset, int count)
    {
        CheckRange(offset, count);
        var bytes = new byte[count];
        if (!memory.TryRead(physicalAddress + (ulong)offset, bytes))
        {
            throw new InvalidOperationException($"Host memory at 0x{physicalAddress + (ulong)offset:X} is not readable.");
        }

        return bytes;
    }

    public void Write(ReadOnlySpan<byte> data, int offset = 0)
    {
        CheckRange(offset, data.Length);
        if (!memory.TryWrite(physicalAddress + (ulong)offset, data))
        {
            throw new InvalidOperationException($"Host memory at 0x{physicalAddress + (ulong)offset:X} is not writable.");
        }
    }

    public void Fill(byte value)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        Write(bytes);
    }

    public void Clear() => Fill(0);

    private void CheckRange(int offset, int count)
    {
        if (offset < 0 || count < 0 || offset > length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{count} bytes at {offset} leave the {length}-byte host buffer.");
        }
    }
}
