using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// The dumped machine's memory as a set of physical runs: a raw image, a LiME capture or generated content.
/// <see cref="PhysicalAddressSpace"/> composes one source with the DMA buffers it allocates.
/// </summary>
public interface IMemorySource : IDisposable
{
    /// <summary>The physical runs, ascending and non-overlapping.</summary>
    IReadOnlyList<PhysicalRange> Ranges { get; }

    /// <summary>Whether <see cref="TryWrite"/> can store bytes.</summary>
    bool IsWritable { get; }

    /// <summary>A short human-readable description (file name, format, size).</summary>
    string Description { get; }

    /// <summary>Reads bytes. Callers only ask for addresses inside <see cref="Ranges"/>; a read may cross from one run
    /// into the next only when the two are physically contiguous.</summary>
    /// <param name="address">Physical address of the first byte.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <returns><see langword="false"/> when a byte is not inside a run.</returns>
    bool TryRead(ulong address, Span<byte> destination);

    /// <summary>Writes bytes, under the same addressing rules as <see cref="TryRead"/>.</summary>
    /// <param name="address">Physical address of the first byte.</param>
    /// <param name="source">The bytes to store.</param>
    /// <returns><see langword="false"/> when the source is read-only or a byte is not inside a run.</returns>
    bool TryWrite(ulong address, ReadOnlySpan<byte> source);
}
