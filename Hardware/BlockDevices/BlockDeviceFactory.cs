using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.BlockDevices;

/// <summary>Opens the right <see cref="IBlockDevice"/> for a path: a Linux block device node or an image file.</summary>
public static unsafe class BlockDeviceFactory
{
    /// <summary>Opens a block device node as <see cref="LinuxBlockDevice"/>, anything else as an
    /// <see cref="ImageFileBlockDevice"/> (created sparse when missing and a size is given).</summary>
    /// <param name="path">A device node or an image file.</param>
    /// <param name="createSize">The capacity needed: creates a missing image, and is the minimum an existing image
    /// or device must offer. <see langword="null"/> takes the existing size.</param>
    /// <param name="logicalBlockSize">Logical block size to present.</param>
    /// <param name="readOnly">Whether writes are refused.</param>
    /// <returns>The opened device.</returns>
    public static IBlockDevice Open(string path, long? createSize, int logicalBlockSize, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (IsBlockDevice(path))
        {
            var device = LinuxBlockDevice.Open(path, readOnly, logicalBlockSize);
            if (createSize is { } size && device.Length < size)
            {
                device.Dispose();
                throw new IOException($"Block device '{path}' holds {device.Length} bytes, less than the {size} bytes asked for.");
            }

            return device;
        }

        return ImageFileBlockDevice.Open(path, createSize, logicalBlockSize, Math.Max(4096, logicalBlockSize), readOnly);
    }

    /// <summary>Whether <paramref name="path"/> (following symlinks) is a block device node. Always
    /// <see langword="false"/> off Linux and for missing paths.</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="true"/> for a block device.</returns>
    public static bool IsBlockDevice(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux() || path.Contains('\0', StringComparison.Ordinal))
        {
            // A NUL would cut the name short in the C library: such a path names nothing.
            return false;
        }

        try
        {
            // statx has one layout on every architecture, unlike struct stat, so the mode can be read portably.
            byte* buffer = stackalloc byte[LinuxNative.StatxBufferSize];
            if (LinuxNative.Statx(LinuxNative.AtFdCwd, path, 0, LinuxNative.StatxType, buffer) != 0)
            {
                return false;
            }

            ushort mode = *(ushort*)(buffer + LinuxNative.StatxModeOffset);
            return (mode & LinuxNative.SIfMt) == LinuxNative.SIfBlk;
        }
        catch (EntryPointNotFoundException)
        {
            return IsBlockDeviceBySysfs(path);
        }
    }

    /// <summary>Fallback for a libc without statx: a node under /dev whose name sysfs lists as a block device.</summary>
    private static bool IsBlockDeviceBySysfs(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return false;
        }

        string target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
        return target.StartsWith("/dev/", StringComparison.Ordinal)
            && Directory.Exists(System.IO.Path.Combine("/sys/class/block", System.IO.Path.GetFileName(target)));
    }
}
