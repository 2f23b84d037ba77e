using System.Buffers.Binary;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Host.Orchestration;

/// <summary>Opens the memory to dump: a raw image, a LiME capture (recognised by its magic) or synthetic memory.</summary>
internal static class MemorySources
{
    /// <summary>The default synthetic machine's memory size.</summary>
    public const long DefaultSyntheticSize = 256L << 20;

    /// <summary>Memory is dumped in whole pages of this size.</summary>
    public const int PageSize = 4096;

    public static IMemorySource Open(string? imagePath, long? syntheticSize, int seed)
    {
        if (imagePath is null)
        {
            return new SyntheticMemory(syntheticSize ?? DefaultSyntheticSize, seed);
        }

        if (!File.Exists(imagePath))
        {
            throw new FileNotFoundException(Directory.Exists(imagePath) ? $"memory image {imagePath} is a folder, not a file" : $"memory image {imagePath} does not exist", imagePath);
        }

        return IsLime(imagePath) ? new LimeMemoryImage(imagePath) : new MemoryImageFile(imagePath);
    }

    private static bool IsLime(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.Read(head) == 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) == LimeMemoryImage.Magic;
    }
}
