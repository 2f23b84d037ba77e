namespace DumpFramework.Host.Cli;

/// <summary>A write-only stream passing on the first <c>limit</c> bytes and dropping the rest (extract keeps RequiredDumpSpace of the whole blocks it reads).</summary>
internal sealed class PrefixStream(Stream inner, long limit) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int take = (int)Math.Clamp(limit - _written, 0, buffer.Length);
        if (take > 0)
        {
            inner.Write(buffer[..take]);
        }

        _written += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
