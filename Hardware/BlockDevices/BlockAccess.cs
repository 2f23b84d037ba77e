namespace DumpFramework.Hardware.BlockDevices;

/// <summary>Argument checks shared by the block devices, with messages that say what was wrong.</summary>
internal static class BlockAccess
{
    /// <summary>Throws unless <paramref name="size"/> is a power of two of at least 512 bytes.</summary>
    public static void CheckBlockSize(int size, string parameterName)
    {
        if (size < 512 || (size & (size - 1)) != 0)
        {
            throw new ArgumentException($"Block size {size} is not a power of two of at least 512 bytes.", parameterName);
        }
    }

    /// <summary>Throws unless the access is block aligned and inside the device.</summary>
    public static void CheckRange(long offset, int length, int blockSize, long deviceLength, string path)
    {
        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Offset {offset} on '{path}' is negative.");
        }

        if (offset % blockSize != 0)
        {
            throw new ArgumentException($"Offset {offset} on '{path}' is not a multiple of the {blockSize}-byte logical block size.", nameof(offset));
        }

        if (length % blockSize != 0)
        {
            throw new ArgumentException($"Transfer length {length} on '{path}' is not a multiple of the {blockSize}-byte logical block size.", nameof(length));
        }

        if (offset > deviceLength || length > deviceLength - offset)
        {
            throw new ArgumentOutOfRangeException(
                nameof(offset),
                offset,
                $"{length} bytes at offset {offset} go past the end of '{path}' ({deviceLength} bytes).");
        }
    }
}
