using System.Runtime.InteropServices;

namespace DumpFramework.Hardware.BlockDevices;

/// <summary>The few libc calls raw block devices need: .NET has no O_DIRECT and no block-device ioctls.</summary>
internal static unsafe partial class LinuxNative
{
    public const int ORdOnly = 0x0;
    public const int ORdWr = 0x2;
    public const int OCloExec = 0x80000;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONonBlock = 0x800;

    public const int FOfdSetLk = 37;
    public const short FRdLck = 0;
    public const short FWrLck = 1;

    public const int LockSh = 1;
    public const int LockEx = 2;
    public const int LockNb = 4;

    public const int EAcces = 13;
    public const int ENoEnt = 2;
    public const int ERofs = 30;
    public const int ENotDir = 20;
    public const int EBusy = 16;
    public const int EWouldBlock = 11;

    public const nuint BlkGetSize64 = 0x80081272;
    public const nuint BlkSszGet = 0x1268;
    public const nuint BlkPbszGet = 0x127B;
    public const nuint BlkRoGet = 0x125E;

    public const int AtFdCwd = -100;
    public const uint StatxType = 0x1;
    public const uint StatxBasicStats = 0x7FF;
    public const int AtEmptyPath = 0x1000;
    public const int StatxNlinkOffset = 16;
    public const int StatxUidOffset = 20;
    public const int StatxModeOffset = 28;
    public const int StatxInoOffset = 32;
    public const int StatxSizeOffset = 40;
    public const int StatxDevMajorOffset = 136;
    public const int StatxDevMinorOffset = 140;
    public const int StatxBufferSize = 256;
    public const int SIfMt = 0xF000;
    public const int SIfBlk = 0x6000;
    public const int SIfReg = 0x8000;
    public const int SIfDir = 0x4000;
    public const int SIfChr = 0x2000;
    public const int SIfIfo = 0x1000;
    public const int SIfSock = 0xC000;
    public const int SIfLnk = 0xA000;

    private const string Libc = "libc";

    /// <summary>O_DIRECT differs between architectures (octal 040000 on x86, 0200000 on ARM).</summary>
    public static int ODirect => RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 0x4000 : 0x10000;

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlUInt64(int fd, nuint request, out ulong value);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlInt32(int fd, nuint request, out int value);

    [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    public static partial int FSync(int fd);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenCreate(string path, int flags, int mode);

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    public static partial int FLock(int fd, int operation);

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FcntlLock(int fd, int command, ref FileLockRecord record);

    /// <summary>sync_file_range's SYNC_FILE_RANGE_WRITE: start writeback of the range's dirty pages, without waiting.</summary>
    public const uint SyncFileRangeWrite = 0x2;

    [LibraryImport(Libc, EntryPoint = "sync_file_range", SetLastError = true)]
    public static partial int SyncFileRange(int fd, long offset, long length, uint flags);

    [LibraryImport(Libc, EntryPoint = "getuid")]
    public static partial uint GetUid();

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The message for the last P/Invoke error, e.g. <c>Permission denied (errno 13)</c>.</summary>
    public static string LastErrorMessage(out int errno)
    {
        errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }
}

/// <summary>struct flock as fcntl's F_OFD_SETLK takes it (the same layout on x86-64 and arm64 Linux).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FileLockRecord
{
    public short Type;
    public short Whence;
    public long Start;
    public long Length;
    public int Pid;
    public int Padding;
}
