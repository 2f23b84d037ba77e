using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Tests.Scsi;

/// <summary>The test transport: the initiator's buffer is a byte array; a DMA failure can be armed at an offset.</summary>
internal sealed class ByteArrayTransfer(byte[] buffer, ScsiDataDirection direction, long failAtOffset = -1) : IScsiDataTransfer
{
    public byte[] Buffer => buffer;

    public long Length => buffer.Length;

    public ScsiDataDirection Direction => direction;

    public int Calls { get; private set; }

    public bool TryReadFromInitiator(long offset, Span<byte> destination)
    {
        Calls++;
        if (Fails(offset, destination.Length))
        {
            return false;
        }

        buffer.AsSpan((int)offset, destination.Length).CopyTo(destination);
        return true;
    }

    public bool TryWriteToInitiator(long offset, ReadOnlySpan<byte> source)
    {
        Calls++;
        if (Fails(offset, source.Length))
        {
            return false;
        }

        source.CopyTo(buffer.AsSpan((int)offset));
        return true;
    }

    private bool Fails(long offset, int length) =>
        offset < 0 || offset + length > buffer.Length || (failAtOffset >= 0 && offset + length > failAtOffset);
}
