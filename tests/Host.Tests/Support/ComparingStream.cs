using DumpFramework.Hardware.Memory;

namespace DumpFramework.Host.Tests.Support;

/// <summary>
/// A write-only stream that checks what is written against memory runs laid back to back (the raw dump's layout)
/// without keeping the data: records the first mismatching offset.
/// </summary>
internal sealed class ComparingStream(IMemorySource expected) : Stream
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private long _position;

    public long? FirstMismatch { get; private set; }

    public long Compared => _position;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _position;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var (address, available) = Locate(_position);
            int chunk = (int)Math.Min(Math.Min(available, (ulong)buffer.Length), (ulong)_buffer.Length);
            var want = _buffer.AsSpan(0, chunk);
            if (!expected.TryRead(address, want))
            {
                throw new InvalidOperationException($"expected memory at 0x{address:X} is not readable");
            }

            if (FirstMismatch is null && !want.SequenceEqual(buffer[..chunk]))
            {
                int index = want.CommonPrefixLength(buffer[..chunk]);
                FirstMismatch = _position + index;
            }

            _position += chunk;
            buffer = buffer[chunk..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private (ulong Address, ulong Available) Locate(long fileOffset)
    {
        long offset = fileOffset;
        foreach (var run in expected.Ranges)
        {
            if ((ulong)offset < run.Length)
            {
                return (run.BaseAddress + (ulong)offset, run.Length - (ulong)offset);
            }

            offset -= (long)run.Length;
        }

        throw new InvalidOperationException($"more data was read back ({fileOffset} bytes and on) than the memory holds");
    }
}
