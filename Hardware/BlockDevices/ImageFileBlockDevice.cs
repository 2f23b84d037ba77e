using DumpFramework.Hardware.Contracts;
using Microsoft.Win32.SafeHandles;

namespace DumpFramework.Hardware.BlockDevices;

/// <summary>
/// A disk image file used as a raw block device. New images are created sparse (only the length is set), so a
/// terabyte disk costs nothing until written. I/O is positional (<see cref="RandomAccess"/>) and
/// <see cref="Flush"/> is an fsync.
/// </summary>
public sealed class ImageFileBlockDevice : IBlockDevice
{
    private readonly SafeFileHandle _handle;

    private ImageFileBlockDevice(SafeFileHandle handle, string path, long length, int logicalBlockSize, int physicalBlockSize, bool readOnly)
    {
        _handle = handle;
        Path = path;
        Length = length;
        LogicalBlockSize = logicalBlockSize;
        PhysicalBlockSize = physicalBlockSize;
        IsReadOnly = readOnly;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public long Length { get; }

    /// <inheritdoc />
    public int LogicalBlockSize { get; }

    /// <inheritdoc />
    public int PhysicalBlockSize { get; }

    /// <inheritdoc />
    public bool IsReadOnly { get; }

    /// <summary>Opens an image file, creating it sparse when it does not exist.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="createSize">The capacity in bytes: used to create a missing file, and the minimum an existing
    /// file must have. <see langword="null"/> opens an existing file at its own length.</param>
    /// <param name="logicalBlockSize">Logical block size (a power of two, at least 512).</param>
    /// <param name="physicalBlockSize">Physical block size (a power of two, at least the logical one).</param>
    /// <param name="readOnly">Whether writes are refused (the file is opened read-only).</param>
    /// <returns>The device; its length is the file's length rounded down to whole logical blocks.</returns>
    /// <exception cref="FileNotFoundException">The file is missing and no size was given.</exception>
    /// <exception cref="IOException">The existing file is smaller than <paramref name="createSize"/> or than one block.</exception>
    /// <exception cref="ArgumentException">Block sizes or the size are invalid.</exception>
    public static ImageFileBlockDevice Open(string path, long? createSize, int logicalBlockSize = 512, int physicalBlockSize = 4096, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        BlockAccess.CheckBlockSize(logicalBlockSize, nameof(logicalBlockSize));
        BlockAccess.CheckBlockSize(physicalBlockSize, nameof(physicalBlockSize));
        if (physicalBlockSize < logicalBlockSize)
        {
            throw new ArgumentException($"Physical block size {physicalBlockSize} is smaller than the logical block size {logicalBlockSize}.", nameof(physicalBlockSize));
        }

        if (createSize is { } size && (size <= 0 || size % logicalBlockSize != 0))
        {
            throw new ArgumentException($"Size {size} is not a positive multiple of the {logicalBlockSize}-byte logical block size.", nameof(createSize));
        }

        if (Directory.Exists(path))
        {
            throw new ArgumentException($"'{path}' is a directory, not an image file.", nameof(path));
        }

        if (!File.Exists(path))
        {
            if (createSize is null)
            {
                throw new FileNotFoundException($"Image '{path}' does not exist; give a size to create it.", path);
            }

            if (readOnly)
            {
                throw new ArgumentException($"Image '{path}' does not exist and cannot be created read-only.", nameof(readOnly));
            }

            CreateSparse(path, createSize.Value);
        }

        var handle = File.OpenHandle(
            path,
            FileMode.Open,
            readOnly ? FileAccess.Read : FileAccess.ReadWrite,
            readOnly ? FileShare.ReadWrite : FileShare.Read,
            FileOptions.RandomAccess);
        try
        {
            long fileLength = RandomAccess.GetLength(handle);
            if (createSize is { } wanted && fileLength < wanted)
            {
                throw new IOException($"Image '{path}' is {fileLength} bytes, smaller than the {wanted} bytes asked for.");
            }

            long length = fileLength / logicalBlockSize * logicalBlockSize;
            if (length == 0)
            {
                throw new IOException($"Image '{path}' is {fileLength} bytes, smaller than one {logicalBlockSize}-byte block.");
            }

            return new ImageFileBlockDevice(handle, path, length, logicalBlockSize, physicalBlockSize, readOnly);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Read(long offset, Span<byte> destination)
    {
        BlockAccess.CheckRange(offset, destination.Length, LogicalBlockSize, Length, Path);
        int done = 0;
        while (done < destination.Length)
        {
            int read = RandomAccess.Read(_handle, destination[done..], offset + done);
            if (read == 0)
            {
                throw new IOException($"Unexpected end of '{Path}' at offset {offset + done}: the file shrank below {Length} bytes.");
            }

            done += read;
        }
    }

    /// <inheritdoc />
    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        if (IsReadOnly)
        {
            throw new IOException($"'{Path}' is read-only.");
        }

        BlockAccess.CheckRange(offset, source.Length, LogicalBlockSize, Length, Path);
        RandomAccess.Write(_handle, source, offset);
    }

    /// <inheritdoc />
    public void Flush()
    {
        if (!IsReadOnly)
        {
            RandomAccess.FlushToDisk(_handle);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private static void CreateSparse(string path, long size)
    {
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

        // Setting the length never writes data, so the file stays sparse.
        RandomAccess.SetLength(handle, size);
    }
}
