using Microsoft.Win32.SafeHandles;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// A memory image file read and written with positional I/O (pread/pwrite) on one handle. Not mapped: the pages a
/// dump reads stay in the page cache, not in the process, so its resident set stays flat whatever the image's size
/// (a mapping made every page read resident until unmapped: a 1 GiB image cost 1 GiB of RSS). The caller guarantees bounds.
/// </summary>
internal sealed class MemoryImageStream : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly string _path;

    private MemoryImageStream(SafeFileHandle handle, string path, long length, bool writable)
    {
        _handle = handle;
        _path = path;
        Length = length;
        IsWritable = writable;
    }

    /// <summary>The file length in bytes at open.</summary>
    public long Length { get; }

    /// <summary>Whether writes reach the file.</summary>
    public bool IsWritable { get; }

    /// <summary>Opens an existing, non-empty file.</summary>
    public static MemoryImageStream Open(string path, bool writable)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Sequential: the dump reads the image front to back, so the kernel may read ahead further.
        var handle = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length == 0)
            {
                throw new FormatException($"'{path}' is empty: a memory image needs at least one page.");
            }

            return new MemoryImageStream(handle, path, length, writable);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads <paramref name="destination"/>'s length of bytes at <paramref name="offset"/>.</summary>
    /// <exception cref="IOException">The file is shorter than it was at open (truncated underneath).</exception>
    public void Read(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(_handle, destination, offset);
            if (read == 0)
            {
                throw new IOException($"'{_path}' ends at byte offset {offset}: the memory image shrank below the {Length} bytes it had when opened.");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <summary>Writes <paramref name="source"/> at <paramref name="offset"/>.</summary>
    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (!IsWritable)
        {
            throw new InvalidOperationException("The memory image is open read-only.");
        }

        RandomAccess.Write(_handle, source, offset);
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
