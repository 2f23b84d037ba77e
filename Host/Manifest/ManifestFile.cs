using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DumpFramework.Host.Manifest;

/// <summary>
/// Reads a manifest file's text with bounds: only a regular file, checked before it is opened (a FIFO would block
/// the open forever, a device such as <c>/dev/zero</c> never ends), opened without blocking and checked again on the
/// open descriptor (the path may have been swapped in between), and at most <see cref="MaxBytes"/> read.
/// </summary>
internal static unsafe partial class ManifestFile
{
    /// <summary>The largest manifest accepted: room for a block map of a few hundred thousand extents, and a bound
    /// on what the YAML parser holds in memory.</summary>
    public const int MaxBytes = 8 << 20;

    private const int ORdOnly = 0x0;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxBufferSize = 256;
    private const int SIfMt = 0xF000;
    private const int SIfReg = 0x8000;

    /// <summary>The manifest's text (UTF-8, or the encoding its byte order mark names).</summary>
    /// <param name="path">The manifest file.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ManifestException">The path is not a readable regular file of at most <see cref="MaxBytes"/>.</exception>
    public static string ReadText(string path)
    {
        var at = new SourceLocation(path, 1, 1);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ManifestException(at, "cannot read the manifest: the path contains a NUL character");
        }

        byte[] bytes;
        try
        {
            using var handle = OperatingSystem.IsLinux() ? OpenRegularLinux(path, at) : OpenRegularManaged(path, at);
            bytes = ReadBounded(handle, at);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException(at, $"cannot read the manifest: {error.Message}");
        }

        // As File.ReadAllText: UTF-8 unless a byte order mark says otherwise.
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static byte[] ReadBounded(SafeFileHandle handle, SourceLocation at)
    {
        // One byte past the bound tells a file at the limit from a larger one (or one growing while it is read).
        var buffer = new byte[Math.Min(MaxBytes + 1L, Math.Max(RandomAccess.GetLength(handle), 0) + 1)];
        int filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (filled > MaxBytes)
                {
                    throw new ManifestException(at, $"the manifest is larger than {ByteSize.Format(MaxBytes)}; a stack manifest is a few lines of YAML");
                }

                Array.Resize(ref buffer, (int)Math.Min(MaxBytes + 1L, buffer.Length * 2L));
            }

            int read = RandomAccess.Read(handle, buffer.AsSpan(filled), filled);
            if (read == 0)
            {
                return buffer[..filled];
            }

            filled += read;
        }
    }

    private static SafeFileHandle OpenRegularLinux(string path, SourceLocation at)
    {
        try
        {
            byte* status = stackalloc byte[StatxBufferSize];
            if (Statx(AtFdCwd, path, 0, StatxType, status) != 0)
            {
                throw new ManifestException(at, $"cannot read the manifest: {LastError()}");
            }

            RefuseIrregular(*(ushort*)(status + StatxModeOffset), at);

            // O_NONBLOCK: should the path have become a FIFO since the check, the open returns instead of waiting for a writer.
            int descriptor = Open(path, ORdOnly | ONonBlock | ONoCtty | OCloExec);
            if (descriptor < 0)
            {
                throw new ManifestException(at, $"cannot read the manifest: {LastError()}");
            }

            var handle = new SafeFileHandle(descriptor, ownsHandle: true);
            if (Statx(descriptor, string.Empty, AtEmptyPath, StatxType, status) != 0)
            {
                string message = LastError();
                handle.Dispose();
                throw new ManifestException(at, $"cannot read the manifest: {message}");
            }

            try
            {
                RefuseIrregular(*(ushort*)(status + StatxModeOffset), at);
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            return handle;
        }
        catch (EntryPointNotFoundException)
        {
            // A libc without statx (before glibc 2.28): what .NET can tell.
            return OpenRegularManaged(path, at);
        }
    }

    private static SafeFileHandle OpenRegularManaged(string path, SourceLocation at)
    {
        if (Directory.Exists(path))
        {
            throw new ManifestException(at, "the manifest path is a directory, not a file");
        }

        return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    private static void RefuseIrregular(int mode, SourceLocation at)
    {
        string? kind = (mode & SIfMt) switch
        {
            SIfReg => null,
            0x4000 => "a directory",
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
        if (kind is not null)
        {
            throw new ManifestException(at, $"the manifest path is {kind}, not a regular file");
        }
    }

    private static string LastError()
    {
        int errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
