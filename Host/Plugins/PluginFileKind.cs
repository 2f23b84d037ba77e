using System.Runtime.InteropServices;

namespace DumpFramework.Host.Plugins;

/// <summary>
/// What a path in a plugin folder is, asked without opening it. Opening is not harmless: a FIFO blocks the opener until
/// a writer appears, a device reads forever. So a plugin's files are classified first, and only regular files and
/// folders are ever opened or listed.
/// </summary>
internal static partial class PluginFileKind
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxBufferSize = 256;
    private const int SIfMt = 0xF000;
    private const int SIfReg = 0x8000;
    private const int SIfDir = 0x4000;
    private const int SIfLnk = 0xA000;

    public enum Kind
    {
        Missing,
        RegularFile,
        Directory,
        SymbolicLink,

        /// <summary>A FIFO, socket or device.</summary>
        Special,
    }

    /// <summary>What <paramref name="path"/> is; a symbolic link is followed when <paramref name="followLinks"/>.</summary>
    public static Kind Of(string path, bool followLinks = true)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere no plugin file can be a FIFO in the Unix sense; links are reported as such.
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            return !info.Exists && info.LinkTarget is null ? Kind.Missing
                : !followLinks && info.LinkTarget is not null ? Kind.SymbolicLink
                : info is DirectoryInfo ? Kind.Directory
                : Kind.RegularFile;
        }

        Span<byte> buffer = stackalloc byte[StatxBufferSize];
        if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType, buffer) != 0)
        {
            return Kind.Missing;
        }

        int mode = BitConverter.ToUInt16(buffer[StatxModeOffset..]) & SIfMt;
        return mode switch
        {
            SIfReg => Kind.RegularFile,
            SIfDir => Kind.Directory,
            SIfLnk => Kind.SymbolicLink,
            _ => Kind.Special,
        };
    }

    /// <summary>Refuses anything but an existing regular file (after links), before it is opened.</summary>
    /// <exception cref="PluginLoadException">It is missing, a folder, a FIFO, a socket or a device.</exception>
    public static void RequireRegularFile(string path)
    {
        var kind = Of(path);
        if (kind != Kind.RegularFile)
        {
            throw new PluginLoadException($"{path} is {Describe(kind)}, not a regular file; a plugin's files are regular files.");
        }
    }

    public static string Describe(Kind kind) => kind switch
    {
        Kind.Missing => "missing",
        Kind.Directory => "a folder",
        Kind.SymbolicLink => "a symbolic link",
        Kind.Special => "a FIFO, socket or device",
        _ => "a regular file",
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, Span<byte> buffer);
}
