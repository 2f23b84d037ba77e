using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace DumpFramework.Hardware.BlockDevices;

/// <summary>What a path names, as the kernel's file type tells it (symlinks followed).</summary>
public enum FileNodeKind
{
    /// <summary>Nothing exists at the path.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A block device node.</summary>
    BlockDevice,

    /// <summary>A character device node (<c>/dev/zero</c>, a terminal).</summary>
    CharacterDevice,

    /// <summary>A FIFO (named pipe) or an anonymous pipe seen through <c>/dev/stdin</c> or <c>/proc/self/fd</c>.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}

/// <summary>A file's type and identity (device, inode, link count, size, owner) at one moment.</summary>
/// <param name="Kind">What the node is.</param>
/// <param name="DeviceMajor">Major number of the device holding the file system.</param>
/// <param name="DeviceMinor">Minor number of that device.</param>
/// <param name="Inode">The inode number (0 where the platform does not tell it).</param>
/// <param name="LinkCount">Hard links to the inode (0 once deleted while open).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="OwnerId">The owning user's uid.</param>
public readonly record struct FileNodeStatus(FileNodeKind Kind, uint DeviceMajor, uint DeviceMinor, ulong Inode, uint LinkCount, long Size, uint OwnerId)
{
    /// <summary>Whether <paramref name="other"/> is the same inode on the same file system.</summary>
    /// <param name="other">The other status.</param>
    /// <returns><see langword="true"/> for the same file.</returns>
    public bool IsSameFile(FileNodeStatus other) =>
        other.Kind != FileNodeKind.Missing && Kind != FileNodeKind.Missing && DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor && Inode == other.Inode;

    /// <summary>The kind as a phrase for messages, e.g. <c>a FIFO (named pipe)</c>.</summary>
    public string Description => FileNode.Describe(Kind);
}

/// <summary>
/// Looks at a path before it is opened, so that a FIFO, a device node or a socket given where a file is expected is
/// refused with its name instead of blocking an open forever or streaming without end; and takes the advisory locks
/// that keep two writers off one image, naming the holder from <c>/proc/locks</c>.
/// </summary>
public static unsafe class FileNode
{
    /// <summary>The phrase for a kind, e.g. <c>a character device</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The phrase.</returns>
    public static string Describe(FileNodeKind kind) => kind switch
    {
        FileNodeKind.Missing => "missing",
        FileNodeKind.Regular => "a regular file",
        FileNodeKind.Directory => "a folder",
        FileNodeKind.BlockDevice => "a block device",
        FileNodeKind.CharacterDevice => "a character device",
        FileNodeKind.Fifo => "a pipe or FIFO",
        _ => "a socket",
    };

    /// <summary>The calling process's user id (0 off Linux).</summary>
    public static uint CurrentUserId => OperatingSystem.IsLinux() ? LinuxNative.GetUid() : 0;

    /// <summary>Inspects <paramref name="path"/>, following symlinks.</summary>
    /// <param name="path">The path.</param>
    /// <returns>Its status; <see cref="FileNodeKind.Missing"/> when nothing is there.</returns>
    /// <exception cref="ArgumentException">The path is empty or holds a NUL character (no file can have that name).</exception>
    /// <exception cref="IOException">The kernel refused to tell (permission, a loop of symlinks, a name too long).</exception>
    public static FileNodeStatus Inspect(string path)
    {
        CheckPath(path);
        if (!OperatingSystem.IsLinux())
        {
            return Directory.Exists(path) ? new FileNodeStatus(FileNodeKind.Directory, 0, 0, 0, 1, 0, 0)
                : File.Exists(path) ? new FileNodeStatus(FileNodeKind.Regular, 0, 0, 0, 1, new FileInfo(path).Length, 0)
                : default;
        }

        byte* buffer = stackalloc byte[LinuxNative.StatxBufferSize];
        if (LinuxNative.Statx(LinuxNative.AtFdCwd, path, 0, LinuxNative.StatxBasicStats, buffer) != 0)
        {
            string message = LinuxNative.LastErrorMessage(out int errno);
            return errno is LinuxNative.ENoEnt or LinuxNative.ENotDir ? default : throw new IOException($"Cannot inspect '{path}': {message}.");
        }

        return Read(buffer);
    }

    /// <summary>Inspects an open file.</summary>
    /// <param name="handle">The open file.</param>
    /// <returns>Its status (a deleted file has link count 0).</returns>
    /// <exception cref="IOException">The kernel refused.</exception>
    public static FileNodeStatus Inspect(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!OperatingSystem.IsLinux())
        {
            return new FileNodeStatus(FileNodeKind.Regular, 0, 0, 0, 1, RandomAccess.GetLength(handle), 0);
        }

        byte* buffer = stackalloc byte[LinuxNative.StatxBufferSize];
        if (LinuxNative.Statx((int)handle.DangerousGetHandle(), string.Empty, LinuxNative.AtEmptyPath, LinuxNative.StatxBasicStats, buffer) != 0)
        {
            throw new IOException($"Cannot inspect an open file: {LinuxNative.LastErrorMessage(out _)}.");
        }

        return Read(buffer);
    }

    /// <summary>Throws unless <paramref name="path"/> can name a file at all.</summary>
    /// <param name="path">The path.</param>
    /// <exception cref="ArgumentException">Empty, or holding a NUL character (the C library would silently cut the name there).</exception>
    public static void CheckPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The path '{path.Replace("\0", "\\0", StringComparison.Ordinal)}' holds a NUL character, which no file name can contain.", nameof(path));
        }
    }

    /// <summary>
    /// Who holds an advisory lock on the file <paramref name="status"/> describes, from <c>/proc/locks</c>: e.g.
    /// <c>PID 1234 (dumpstack)</c>, or null when the kernel does not say.
    /// </summary>
    /// <param name="status">The locked file.</param>
    /// <returns>The holders, comma separated, or null.</returns>
    public static string? DescribeLockHolders(FileNodeStatus status)
    {
        if (!OperatingSystem.IsLinux() || status.Inode == 0)
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/locks");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF": the PID precedes major:minor:inode (hex, hex, decimal).
        string identity = string.Create(CultureInfo.InvariantCulture, $"{status.DeviceMajor:x2}:{status.DeviceMinor:x2}:{status.Inode}");
        var holders = new List<string>();
        foreach (string line in lines)
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int at = Array.IndexOf(fields, identity);
            if (at < 1 || fields.Contains("->") || !int.TryParse(fields[at - 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
            {
                continue;
            }

            string name = string.Empty;
            try
            {
                name = " (" + File.ReadAllText($"/proc/{pid}/comm").Trim() + ")";
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The holder may have exited meanwhile, or be hidden from us: the PID alone still says who.
            }

            string holder = string.Create(CultureInfo.InvariantCulture, $"PID {pid}{name}");
            if (!holders.Contains(holder))
            {
                holders.Add(holder);
            }
        }

        // This process's own shared marker lock is no news when another holder is listed.
        string self = string.Create(CultureInfo.InvariantCulture, $"PID {Environment.ProcessId}");
        if (holders.Count > 1)
        {
            holders.RemoveAll(h => h == self || h.StartsWith(self + " ", StringComparison.Ordinal));
        }

        return holders.Count == 0 ? null : string.Join(", ", holders);
    }

    /// <summary>
    /// Opens an existing regular file without blocking on a FIFO or device swapped in after a check (O_NONBLOCK, then
    /// checked once open). For writing, the file is locked: an open-file-description write lock (F_OFD_SETLK) that a
    /// second writer is refused, and a shared flock beside it that puts this process's PID in <c>/proc/locks</c> (OFD
    /// locks show none) without shutting out readers, who take shared flocks too.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="write">Whether to open read-write and lock.</param>
    /// <param name="status">The file's status once open.</param>
    /// <returns>The open handle.</returns>
    /// <exception cref="IOException">Not a regular file, cannot be opened, or locked by another writer
    /// (<see cref="FileLockedException"/>, its holder named when the kernel tells it).</exception>
    public static SafeFileHandle OpenLocked(string path, bool write, out FileNodeStatus status)
    {
        CheckPath(path);
        if (!OperatingSystem.IsLinux())
        {
            var handle = File.OpenHandle(path, FileMode.Open, write ? FileAccess.ReadWrite : FileAccess.Read, write ? FileShare.Read : FileShare.ReadWrite, FileOptions.RandomAccess);
            status = Inspect(handle);
            return handle;
        }

        int fd = LinuxNative.Open(path, (write ? LinuxNative.ORdWr : LinuxNative.ORdOnly) | LinuxNative.ONonBlock | LinuxNative.OCloExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open '{path}': {LinuxNative.LastErrorMessage(out _)}.");
        }

        var opened = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            status = Inspect(opened);
            if (status.Kind != FileNodeKind.Regular)
            {
                throw new IOException($"'{path}' is {status.Description}, not a regular file.");
            }

            if (write)
            {
                var record = new FileLockRecord { Type = LinuxNative.FWrLck };
                if (LinuxNative.FcntlLock(fd, LinuxNative.FOfdSetLk, ref record) != 0)
                {
                    string message = LinuxNative.LastErrorMessage(out int errno);
                    if (errno is LinuxNative.EWouldBlock or LinuxNative.EAcces)
                    {
                        throw Locked(path, status);
                    }

                    throw new IOException($"Cannot lock '{path}': {message}.");
                }

                // O_NONBLOCK means nothing to a regular file; LOCK_NB makes an exclusive flock held elsewhere an error, not a wait.
                if (LinuxNative.FLock(fd, LinuxNative.LockSh | LinuxNative.LockNb) != 0)
                {
                    string message = LinuxNative.LastErrorMessage(out int errno);
                    throw errno == LinuxNative.EWouldBlock ? Locked(path, status) : new IOException($"Cannot lock '{path}': {message}.");
                }
            }

            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Takes a non-blocking exclusive advisory lock on an open device node, naming the holder if one refuses it.</summary>
    /// <param name="handle">The open node.</param>
    /// <param name="path">Its path, for the message.</param>
    /// <exception cref="FileLockedException">Another process holds a lock.</exception>
    internal static void LockExclusive(SafeFileHandle handle, string path)
    {
        if (LinuxNative.FLock((int)handle.DangerousGetHandle(), LinuxNative.LockEx | LinuxNative.LockNb) == 0)
        {
            return;
        }

        string message = LinuxNative.LastErrorMessage(out int errno);
        if (errno != LinuxNative.EWouldBlock)
        {
            throw new IOException($"Cannot lock '{path}': {message}.");
        }

        throw Locked(path, Inspect(handle));
    }

    private static FileLockedException Locked(string path, FileNodeStatus status)
    {
        string holder = DescribeLockHolders(status) is { } who ? $"locked by {who}" : "locked by another process";
        return new FileLockedException($"'{path}' is in use: {holder} (a dump needs it to itself).", path);
    }

    private static FileNodeStatus Read(byte* buffer)
    {
        int mode = *(ushort*)(buffer + LinuxNative.StatxModeOffset) & LinuxNative.SIfMt;
        var kind = mode switch
        {
            LinuxNative.SIfReg => FileNodeKind.Regular,
            LinuxNative.SIfDir => FileNodeKind.Directory,
            LinuxNative.SIfBlk => FileNodeKind.BlockDevice,
            LinuxNative.SIfChr => FileNodeKind.CharacterDevice,
            LinuxNative.SIfIfo => FileNodeKind.Fifo,
            _ => FileNodeKind.Socket,
        };
        return new FileNodeStatus(
            kind,
            *(uint*)(buffer + LinuxNative.StatxDevMajorOffset),
            *(uint*)(buffer + LinuxNative.StatxDevMinorOffset),
            *(ulong*)(buffer + LinuxNative.StatxInoOffset),
            *(uint*)(buffer + LinuxNative.StatxNlinkOffset),
            (long)*(ulong*)(buffer + LinuxNative.StatxSizeOffset),
            *(uint*)(buffer + LinuxNative.StatxUidOffset));
    }
}

/// <summary>A file or device another process holds locked; the message names the holder when the kernel tells it.</summary>
public sealed class FileLockedException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, naming the file and the holder.</param>
    /// <param name="path">The locked file.</param>
    public FileLockedException(string message, string path)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The locked file or device.</summary>
    public string Path { get; }
}
