using DumpFramework.Hardware.Contracts;
using Microsoft.Win32.SafeHandles;

namespace DumpFramework.Hardware.BlockDevices;

/// <summary>
/// A disk image file used as a raw block device. New images are created sparse (only the length is set), so a
/// terabyte disk costs nothing until written. I/O is positional (<see cref="RandomAccess"/>) and
/// <see cref="Flush"/> is an fsync.
/// </summary>
/// <remarks>
/// A writable image is held under a write lock (an OFD lock, see <see cref="FileNode.OpenLocked"/>), so a second writer is refused with the holder
/// named. Its identity (device, inode, link count, size) is taken at open and checked before every write and after
/// every flush: an image truncated, deleted or replaced underneath fails every later write and flush with the reason
/// in <see cref="Failure"/>, so a dump onto it can never be completed (its header never made valid).
/// </remarks>
public sealed class ImageFileBlockDevice : IBlockDevice
{
    /// <summary>How many written bytes may wait in the page cache before their writeback is started.</summary>
    public const long WritebackBatch = 8L << 20;

    private readonly SafeFileHandle _handle;
    private readonly FileNodeStatus _identity;
    private readonly WritebackStarter? _writeback;
    private long _unstartedFrom = long.MaxValue;
    private long _unstartedTo;

    private ImageFileBlockDevice(SafeFileHandle handle, FileNodeStatus identity, string path, long length, int logicalBlockSize, int physicalBlockSize, bool readOnly)
    {
        _handle = handle;
        _identity = identity;
        Path = path;
        Length = length;
        LogicalBlockSize = logicalBlockSize;
        PhysicalBlockSize = physicalBlockSize;
        IsReadOnly = readOnly;
        _writeback = readOnly || !OperatingSystem.IsLinux() ? null : new WritebackStarter(handle);
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

    /// <summary>Whether the thread that starts the image's writeback is running (a writable image, until disposed).</summary>
    internal bool IsWritebackRunning => _writeback?.IsRunning == true;

    /// <summary>Why the image can no longer be written (it was truncated, deleted or replaced underneath), or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Opens an image file, creating it sparse when it does not exist.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="createSize">The capacity in bytes: used to create a missing file, and the minimum an existing
    /// file must have. <see langword="null"/> opens an existing file at its own length.</param>
    /// <param name="logicalBlockSize">Logical block size (a power of two, at least 512).</param>
    /// <param name="physicalBlockSize">Physical block size (a power of two, at least the logical one).</param>
    /// <param name="readOnly">Whether writes are refused (the file is opened read-only).</param>
    /// <returns>The device; its length is the file's length rounded down to whole logical blocks.</returns>
    /// <exception cref="FileNotFoundException">The file is missing and no size was given.</exception>
    /// <exception cref="IOException">The existing file is smaller than <paramref name="createSize"/> or than one block,
    /// is not a regular file (a FIFO, a character device), or is locked by another writer
    /// (<see cref="FileLockedException"/>, naming the holder).</exception>
    /// <exception cref="ArgumentException">Block sizes or the size are invalid, or the path holds a NUL character.</exception>
    public static ImageFileBlockDevice Open(string path, long? createSize, int logicalBlockSize = 512, int physicalBlockSize = 4096, bool readOnly = false)
    {
        FileNode.CheckPath(path);
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

        var node = FileNode.Inspect(path);
        if (node.Kind == FileNodeKind.Directory)
        {
            throw new ArgumentException($"'{path}' is a directory, not an image file.", nameof(path));
        }

        if (node.Kind is not (FileNodeKind.Regular or FileNodeKind.Missing))
        {
            // Opening a FIFO would wait for a writer forever; a character device has no size and no end.
            throw new IOException($"'{path}' is {node.Description}, not an image file or a block device.");
        }

        if (node.Kind == FileNodeKind.Missing)
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

        // A reader takes no lock (it cannot spoil a dump); a writer takes the image to itself.
        var handle = readOnly
            ? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.RandomAccess)
            : FileNode.OpenLocked(path, write: true, out _);
        try
        {
            var identity = FileNode.Inspect(handle);
            if (identity.Kind != FileNodeKind.Regular)
            {
                throw new IOException($"'{path}' is {identity.Description}, not an image file.");
            }

            long fileLength = identity.Size;
            if (createSize is { } wanted && fileLength < wanted)
            {
                throw new IOException($"Image '{path}' is {fileLength} bytes, smaller than the {wanted} bytes asked for.");
            }

            long length = fileLength / logicalBlockSize * logicalBlockSize;
            if (length == 0)
            {
                throw new IOException($"Image '{path}' is {fileLength} bytes, smaller than one {logicalBlockSize}-byte block.");
            }

            return new ImageFileBlockDevice(handle, identity, path, length, logicalBlockSize, physicalBlockSize, readOnly);
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

        // Checked before the write: a write past the end of a truncated file would silently grow it back.
        CheckIdentity(pathToo: false);
        RandomAccess.Write(_handle, source, offset);
        StartWriteback(offset, source.Length);
    }

    // The kernel starts writing dirty pages back only past dirty_background_ratio (10 % of RAM: gigabytes here) or
    // after 30 s, so a dump's whole image would wait for the final fsync and the disk would sit idle while the stack
    // works. Starting the writeback of every few written megabytes (sync_file_range WRITE, on the writeback thread)
    // keeps the disk busy during the dump, as a real disk behind its controller is; the flush still fsyncs and reports
    // any write error, so nothing about durability changes.
    private void StartWriteback(long offset, int length)
    {
        _unstartedFrom = Math.Min(_unstartedFrom, offset);
        _unstartedTo = Math.Max(_unstartedTo, offset + length);
        if (_unstartedTo - _unstartedFrom < WritebackBatch)
        {
            return;
        }

        _writeback?.Start(_unstartedFrom, _unstartedTo);
        _unstartedFrom = long.MaxValue;
        _unstartedTo = 0;
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The fsync failed, or the image changed underneath (see <see cref="Failure"/>).</exception>
    public void Flush()
    {
        if (!IsReadOnly)
        {
            CheckIdentity(pathToo: false);
            RandomAccess.FlushToDisk(_handle);

            // After the fsync: what was made durable must still be the file at the image's path.
            CheckIdentity(pathToo: true);
        }
    }

    /// <summary>
    /// Checks that the open image is still the file it was: not deleted (link count 0), not re-linked or replaced (link
    /// count, or with <paramref name="pathToo"/> the path naming another inode), not truncated or grown. A change is
    /// sticky: every later write and flush fails with the same reason.
    /// </summary>
    /// <param name="pathToo">Whether to look the path up again as well (a rename over it leaves the open inode intact).</param>
    /// <exception cref="IOException">The image changed; the message says how.</exception>
    public void CheckIdentity(bool pathToo = true)
    {
        if (Failure is null)
        {
            Failure = Compare(FileNode.Inspect(_handle), pathToo ? FileNode.Inspect(Path) : null);
        }

        if (Failure is not null)
        {
            throw new IOException(Failure);
        }
    }

    private string? Compare(FileNodeStatus now, FileNodeStatus? atPath)
    {
        if (now.LinkCount == 0)
        {
            // The open inode has no name left: either nothing is at the path now, or another file was renamed over it.
            return FileNode.Inspect(Path).Kind == FileNodeKind.Missing
                ? $"the image '{Path}' was deleted during the dump"
                : $"the image '{Path}' was replaced by another file during the dump";
        }

        if (now.LinkCount != _identity.LinkCount)
        {
            return $"the image '{Path}' was replaced or re-linked during the dump (link count {_identity.LinkCount} -> {now.LinkCount})";
        }

        if (now.Size != _identity.Size)
        {
            return $"the image '{Path}' changed size during the dump ({_identity.Size} -> {now.Size} bytes)";
        }

        if (atPath is { } current && !current.IsSameFile(_identity))
        {
            return current.Kind == FileNodeKind.Missing
                ? $"the image '{Path}' was deleted during the dump"
                : $"the image '{Path}' was replaced by another file during the dump";
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The writeback thread uses the handle: stopped first.
        _writeback?.Dispose();
        _handle.Dispose();
    }

    private static void CreateSparse(string path, long size)
    {
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

        // Setting the length never writes data, so the file stays sparse.
        RandomAccess.SetLength(handle, size);
    }
}
