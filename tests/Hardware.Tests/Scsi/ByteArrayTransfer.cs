using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Tests.Scsi;

/// <summary>The test transport: the initiator's buffer is a byte array; a DMA failure can be armed at an offset; with
/// <paramref name="inPlaceLimit"/> at 0 or more, data-out maps up to that many bytes at a time in place (as a DMA
/// buffer would).</summary>
internal sealed class ByteArrayTransfer(byte[] buffer, ScsiDataDirection direction, long failAtOffset = -1, int inPlaceLimit = -1) : IScsiDataTransfer
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

    public int InPlaceBytes { get; private set; }

    public int MapForRead(long offset, int maximum, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (inPlaceLimit < 0 || direction != ScsiDataDirection.Out || Fails(offset, maximum))
        {
            return 0;
        }

        bytes = buffer.AsSpan((int)offset, Math.Min(maximum, inPlaceLimit));
        InPlaceBytes += bytes.Length;
        return bytes.Length;
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
