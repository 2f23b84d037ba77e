using System.IO.MemoryMappedFiles;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// A whole file mapped into the address space, read and written through a raw pointer so memory images are never
/// loaded into RAM and copies are plain memcpy. The caller guarantees bounds.
/// </summary>
internal sealed unsafe class MappedFileView : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _pointer;

    private MappedFileView(MemoryMappedFile file, MemoryMappedViewAccessor view, long length, bool writable)
    {
        _file = file;
        _view = view;
        Length = length;
        IsWritable = writable;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    /// <summary>The file length in bytes.</summary>
    public long Length { get; }

    /// <summary>Whether the mapping allows writes.</summary>
    public bool IsWritable { get; }

    /// <summary>Maps an existing, non-empty file.</summary>
    public static MappedFileView Open(string path, bool writable)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(
            path,
            FileMode.Open,
            writable ? FileAccess.ReadWrite : FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 1);
        try
        {
            long length = stream.Length;
            if (length == 0)
            {
                throw new FormatException($"'{path}' is empty: a memory image needs at least one page.");
            }

            var access = writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read;
            var file = MemoryMappedFile.CreateFromFile(stream, mapName: null, capacity: 0, access, HandleInheritability.None, leaveOpen: false);
            try
            {
                var view = file.CreateViewAccessor(0, length, access);
                return new MappedFileView(file, view, length, writable);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The mapped bytes at <paramref name="offset"/>; valid until disposal.</summary>
    public ReadOnlySpan<byte> Read(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    /// <summary>Writable mapped bytes at <paramref name="offset"/>.</summary>
    public Span<byte> Write(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        if (!IsWritable)
        {
            throw new InvalidOperationException("The mapping is read-only.");
        }

        return new Span<byte>(_pointer + offset, length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_pointer == null)
        {
            return;
        }

        _pointer = null;
        if (IsWritable)
        {
            _view.Flush();
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
