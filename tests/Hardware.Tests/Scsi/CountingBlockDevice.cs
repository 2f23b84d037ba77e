using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Tests.Scsi;

/// <summary>Wraps a real device, counting calls and optionally failing them with an <see cref="IOException"/>.</summary>
internal sealed class CountingBlockDevice(IBlockDevice inner) : IBlockDevice
{
    public int Reads { get; private set; }

    public int Writes { get; private set; }

    public int Flushes { get; private set; }

    public bool FailReads { get; set; }

    public bool FailWrites { get; set; }

    public bool FailFlush { get; set; }

    public string Path => inner.Path;

    public long Length => inner.Length;

    public int LogicalBlockSize => inner.LogicalBlockSize;

    public int PhysicalBlockSize => inner.PhysicalBlockSize;

    public bool IsReadOnly => inner.IsReadOnly;

    public void Read(long offset, Span<byte> destination)
    {
        Reads++;
        if (FailReads)
        {
            throw new IOException("injected read failure");
        }

        inner.Read(offset, destination);
    }

    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        Writes++;
        if (FailWrites)
        {
            throw new IOException("injected write failure");
        }

        inner.Write(offset, source);
    }

    public void Flush()
    {
        Flushes++;
        if (FailFlush)
        {
            throw new IOException("injected flush failure");
        }

        inner.Flush();
    }

    public void Dispose() => inner.Dispose();
}
