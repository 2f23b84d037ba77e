using DumpFramework.Hardware.Contracts;
using Microsoft.Win32.SafeHandles;

namespace DumpFramework.Hardware.BlockDevices;

/// <summary>
/// A Linux block device (a disk, partition or loop device) opened with O_DIRECT, so writes bypass the page cache
/// like a crash-dump write to the real disk. Size, block sizes and the read-only flag come from the kernel at open.
/// Callers may pass any span: unaligned memory is bounced through a reusable page-aligned buffer.
/// </summary>
public sealed unsafe class LinuxBlockDevice : IBlockDevice
{
    private const int BounceLength = 1 << 20;
    private const int MemoryAlignment = 4096;

    private readonly SafeFileHandle _handle;
    private readonly int _fd;
    private readonly AlignedNativeBuffer _bounce;
    private readonly Lock _bounceLock = new();

    private LinuxBlockDevice(SafeFileHandle handle, int fd, string path, long length, int logicalBlockSize, int deviceBlockSize, int physicalBlockSize, bool readOnly)
    {
        _handle = handle;
        _fd = fd;
        Path = path;
        Length = length;
        LogicalBlockSize = logicalBlockSize;
        DeviceLogicalBlockSize = deviceBlockSize;
        PhysicalBlockSize = physicalBlockSize;
        IsReadOnly = readOnly;
        _bounce = new AlignedNativeBuffer(Math.Max(BounceLength, logicalBlockSize), MemoryAlignment);
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public long Length { get; }

    /// <inheritdoc />
    public int LogicalBlockSize { get; }

    /// <summary>The logical block size the kernel reports (BLKSSZGET); <see cref="LogicalBlockSize"/> may be a
    /// multiple of it when a larger sector size was asked for.</summary>
    public int DeviceLogicalBlockSize { get; }

    /// <inheritdoc />
    public int PhysicalBlockSize { get; }

    /// <inheritdoc />
    public bool IsReadOnly { get; }

    /// <summary>Opens a block device.</summary>
    /// <param name="path">The device node, e.g. <c>/dev/loop0</c> (symlinks are followed).</param>
    /// <param name="readOnly">Whether to open read-only. A read-write open of a read-only device falls back to
    /// read-only, which <see cref="IsReadOnly"/> then reports.</param>
    /// <param name="logicalBlockSize">A logical block size to present instead of the device's: a power-of-two
    /// multiple of it (e.g. 4096 over a 512-byte device). <see langword="null"/> uses the device's.</param>
    /// <returns>The device.</returns>
    /// <exception cref="PlatformNotSupportedException">Not running on Linux.</exception>
    /// <exception cref="ArgumentException">The path is not a block device, or the block size does not fit.</exception>
    /// <exception cref="IOException">The kernel refused the open or an ioctl.</exception>
    public static LinuxBlockDevice Open(string path, bool readOnly = false, int? logicalBlockSize = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"Raw block devices such as '{path}' are only supported on Linux.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Block device '{path}' does not exist.", path);
        }

        if (!BlockDeviceFactory.IsBlockDevice(path))
        {
            throw new ArgumentException($"'{path}' is not a block device.", nameof(path));
        }

        bool openedReadOnly = readOnly;

        // A writer opens with O_EXCL, which on a block device means "to itself": the kernel refuses it (EBUSY) while
        // the device is mounted or another process holds it exclusively.
        int fd = LinuxNative.Open(path, (readOnly ? LinuxNative.ORdOnly : LinuxNative.ORdWr | LinuxNative.OExcl) | LinuxNative.ODirect | LinuxNative.OCloExec);
        if (fd < 0)
        {
            string message = LinuxNative.LastErrorMessage(out int errno);
            if (!readOnly && errno == LinuxNative.EBusy)
            {
                string holder = FileNode.DescribeLockHolders(FileNode.Inspect(path)) is { } who ? $"locked by {who}" : "mounted, or opened exclusively by another process";
                throw new FileLockedException($"Block device '{path}' is in use: {holder}.", path);
            }

            if (!readOnly && errno is LinuxNative.ERofs or LinuxNative.EAcces)
            {
                // Like tgt's bs_rdwr_open: a write-protected device is still usable read-only.
                fd = LinuxNative.Open(path, LinuxNative.ORdOnly | LinuxNative.ODirect | LinuxNative.OCloExec);
                openedReadOnly = true;
                if (fd < 0)
                {
                    message = LinuxNative.LastErrorMessage(out _);
                }
            }

            if (fd < 0)
            {
                throw new IOException($"Cannot open block device '{path}': {message}.");
            }
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (!openedReadOnly)
            {
                // O_EXCL holders are not listed anywhere; a flock too lets a second dump name this process.
                FileNode.LockExclusive(handle, path);
            }

            ulong size = QueryUInt64(fd, LinuxNative.BlkGetSize64, "BLKGETSIZE64", path);
            int deviceBlockSize = QueryInt32(fd, LinuxNative.BlkSszGet, "BLKSSZGET", path);
            int physicalBlockSize = QueryInt32(fd, LinuxNative.BlkPbszGet, "BLKPBSZGET", path);
            bool kernelReadOnly = QueryInt32(fd, LinuxNative.BlkRoGet, "BLKROGET", path) != 0;
            int blockSize = logicalBlockSize ?? deviceBlockSize;
            BlockAccess.CheckBlockSize(blockSize, nameof(logicalBlockSize));
            if (blockSize % deviceBlockSize != 0)
            {
                throw new ArgumentException(
                    $"A {blockSize}-byte logical block size cannot be presented over '{path}', whose logical blocks are {deviceBlockSize} bytes.",
                    nameof(logicalBlockSize));
            }

            long length = (long)size / blockSize * blockSize;
            if (length == 0)
            {
                throw new IOException($"Block device '{path}' is {size} bytes, smaller than one {blockSize}-byte block.");
            }

            return new LinuxBlockDevice(handle, fd, path, length, blockSize, deviceBlockSize, Math.Max(physicalBlockSize, blockSize), openedReadOnly || kernelReadOnly);
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
        fixed (byte* pointer = destination)
        {
            if ((nuint)pointer % (nuint)DeviceLogicalBlockSize == 0)
            {
                // O_DIRECT only needs the memory aligned to the logical block size: no bounce needed.
                ReadExactly(offset, destination);
                return;
            }
        }

        lock (_bounceLock)
        {
            for (int done = 0; done < destination.Length;)
            {
                int take = Math.Min(_bounce.Length, destination.Length - done);
                var bounce = _bounce.Slice(take);
                ReadExactly(offset + done, bounce);
                bounce.CopyTo(destination[done..]);
                done += take;
            }
        }
    }

    /// <inheritdoc />
    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        if (IsReadOnly)
        {
            throw new IOException($"Block device '{Path}' is read-only.");
        }

        BlockAccess.CheckRange(offset, source.Length, LogicalBlockSize, Length, Path);
        fixed (byte* pointer = source)
        {
            if ((nuint)pointer % (nuint)DeviceLogicalBlockSize == 0)
            {
                RandomAccess.Write(_handle, source, offset);
                return;
            }
        }

        lock (_bounceLock)
        {
            for (int done = 0; done < source.Length;)
            {
                int take = Math.Min(_bounce.Length, source.Length - done);
                var bounce = _bounce.Slice(take);
                source.Slice(done, take).CopyTo(bounce);
                RandomAccess.Write(_handle, bounce, offset + done);
                done += take;
            }
        }
    }

    /// <inheritdoc />
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (!IsReadOnly && LinuxNative.FSync(_fd) != 0)
        {
            throw new IOException($"fsync of '{Path}' failed: {LinuxNative.LastErrorMessage(out _)}.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _handle.Dispose();
        _bounce.Dispose();
    }

    private void ReadExactly(long offset, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int read = RandomAccess.Read(_handle, destination[done..], offset + done);
            if (read == 0)
            {
                throw new IOException($"Unexpected end of block device '{Path}' at offset {offset + done}.");
            }

            done += read;
        }
    }

    private static ulong QueryUInt64(int fd, nuint request, string name, string path)
    {
        if (LinuxNative.IoctlUInt64(fd, request, out ulong value) != 0)
        {
            throw new IOException($"ioctl {name} on '{path}' failed: {LinuxNative.LastErrorMessage(out _)}.");
        }

        return value;
    }

    private static int QueryInt32(int fd, nuint request, string name, string path)
    {
        if (LinuxNative.IoctlInt32(fd, request, out int value) != 0)
        {
            throw new IOException($"ioctl {name} on '{path}' failed: {LinuxNative.LastErrorMessage(out _)}.");
        }

        return value;
    }
}
