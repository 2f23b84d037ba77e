using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace DumpFramework.Plugins.FilterFve;

/// <summary>
/// Reads the full-volume encryption key: XTS key 1 (data) followed by key 2 (tweak), 32 bytes for XTS-AES-128 or 64
/// for XTS-AES-256, stored raw or as hex text (any whitespace allowed). A file made only of hex digits and whitespace
/// is hex text; anything else is raw bytes (a random raw key made only of those characters is vanishingly unlikely).
/// Error messages never contain key material: only the path and lengths.
/// </summary>
internal static partial class FveKeyFile
{
    private const int OpenReadOnlyNonBlockingNoTtyCloseOnExec = 0x0 | 0x800 | 0x100 | 0x80000;

    /// <summary>XTS-AES-128: two 16-byte AES keys.</summary>
    public const int Xts128KeyLength = 32;

    /// <summary>XTS-AES-256: two 32-byte AES keys.</summary>
    public const int Xts256KeyLength = 64;

    // Enough for a 64-byte key in hex with generous whitespace; anything bigger is not a key file.
    private const long MaximumFileLength = 4096;

    /// <summary>Loads and checks the key. The caller owns <paramref name="key"/> and must zero it.</summary>
    /// <param name="path">The key file's absolute path.</param>
    /// <param name="key">The key (key 1 then key 2).</param>
    /// <param name="error">Why the key is unusable, without any key material.</param>
    /// <returns><see langword="true"/> when <paramref name="key"/> is a usable XTS-AES key.</returns>
    public static bool TryLoad(string path, out byte[] key, out string error)
    {
        key = [];
        byte[] contents;
        try
        {
            if (Directory.Exists(path))
            {
                error = $"{FilterFvePlugin.KeyFileSetting} '{path}' is a directory, not a key file";
                return false;
            }

            // Never more than one byte past the bound: /dev/zero or a FIFO fed without end is refused as too long, not
            // read until memory runs out; the open does not wait for a FIFO's writer (O_NONBLOCK).
            contents = ReadBounded(path);
            if (contents.Length > MaximumFileLength)
            {
                CryptographicOperations.ZeroMemory(contents);
                error = $"{FilterFvePlugin.KeyFileSetting} '{path}' is longer than {MaximumFileLength} bytes: too long for a key file";
                return false;
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            // IO messages name the path and the reason, never the file's contents.
            error = $"{FilterFvePlugin.KeyFileSetting} '{path}' cannot be read: {failure.Message}";
            return false;
        }

        try
        {
            return TryDecode(contents, path, out key, out error);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contents);
        }
    }

    private static byte[] ReadBounded(string path)
    {
        using var stream = OperatingSystem.IsLinux() ? new FileStream(OpenNonBlocking(path), FileAccess.Read, 1) : File.OpenRead(path);
        var buffer = new byte[MaximumFileLength + 1];
        int filled = 0;
        int read;
        while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
        }

        var contents = buffer[..filled];
        CryptographicOperations.ZeroMemory(buffer);
        return contents;
    }

    private static SafeFileHandle OpenNonBlocking(string path)
    {
        int descriptor = Open(path, OpenReadOnlyNonBlockingNoTtyCloseOnExec);
        return descriptor >= 0
            ? new SafeFileHandle(descriptor, ownsHandle: true)
            : throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    private static bool TryDecode(byte[] contents, string path, out byte[] key, out string error)
    {
        key = [];
        int digits = CountHexDigits(contents);
        if (digits < 0)
        {
            key = (byte[])contents.Clone();
        }
        else if (digits % 2 != 0)
        {
            error = $"{FilterFvePlugin.KeyFileSetting} '{path}' is hex text with an odd number of digits ({digits})";
            return false;
        }
        else
        {
            key = DecodeHex(contents, digits / 2);
        }

        if (key.Length is not (Xts128KeyLength or Xts256KeyLength))
        {
            error = $"{FilterFvePlugin.KeyFileSetting} '{path}' holds a {key.Length}-byte key{(digits < 0 ? " (raw)" : " (hex)")}; XTS-AES needs {Xts128KeyLength} bytes (XTS-AES-128) or {Xts256KeyLength} bytes (XTS-AES-256)";
            CryptographicOperations.ZeroMemory(key);
            key = [];
            return false;
        }

        // Equal halves turn XTS into a weaker XEX variant; IEEE 1619 and FIPS implementations refuse such keys.
        int half = key.Length / 2;
        if (CryptographicOperations.FixedTimeEquals(key.AsSpan(0, half), key.AsSpan(half)))
        {
            error = $"{FilterFvePlugin.KeyFileSetting} '{path}': the data key and the tweak key (the two halves) are equal, which XTS does not allow";
            CryptographicOperations.ZeroMemory(key);
            key = [];
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The number of hex digits, or -1 if the contents are not hex text.</summary>
    private static int CountHexDigits(ReadOnlySpan<byte> contents)
    {
        int digits = 0;
        foreach (byte b in contents)
        {
            if (char.IsAsciiHexDigit((char)b))
            {
                digits++;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return -1;
            }
        }

        return digits == 0 ? -1 : digits;
    }

    private static byte[] DecodeHex(ReadOnlySpan<byte> contents, int length)
    {
        byte[] key = new byte[length];
        int nibbles = 0;
        foreach (byte b in contents)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                continue;
            }

            int value = b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
            key[nibbles / 2] |= (byte)(nibbles % 2 == 0 ? value << 4 : value);
            nibbles++;
        }

        return key;
    }
}
