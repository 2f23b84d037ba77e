namespace DumpFramework.Abstractions.Hardware;

/// <summary>
/// The physical address space as a bus master sees it: the dumped machine's memory at its physical addresses plus
/// the common buffers the dump port allocated. Controllers DMA through it; every access is bounds-checked and an
/// access to an unmapped address fails (the device turns that into its own error status), never an exception.
/// </summary>
public interface IPhysicalMemory
{
    /// <summary>The mapped ranges, ascending and non-overlapping.</summary>
    IReadOnlyList<PhysicalRange> Ranges { get; }

    /// <summary>Whether every byte of the range is mapped (and writable, when <paramref name="forWrite"/>).</summary>
    /// <param name="address">Start address.</param>
    /// <param name="length">Length in bytes.</param>
    /// <param name="forWrite">Whether the access would write memory.</param>
    /// <returns><see langword="true"/> when the access would succeed.</returns>
    bool IsAccessible(ulong address, ulong length, bool forWrite);

    /// <summary>Reads memory (a device's DMA read, i.e. a transfer to the device).</summary>
    /// <param name="address">Start address.</param>
    /// <param name="destination">Where the bytes go; its length is the transfer length.</param>
    /// <returns><see langword="false"/> if any byte is unmapped; nothing is then guaranteed about <paramref name="destination"/>.</returns>
    bool TryRead(ulong address, Span<byte> destination);

    /// <summary>Writes memory (a device's DMA write, i.e. a transfer from the device).</summary>
    /// <param name="address">Start address.</param>
    /// <param name="source">The bytes to store.</param>
    /// <returns><see langword="false"/> if any byte is unmapped or read-only; memory is then left unchanged.</returns>
    bool TryWrite(ulong address, ReadOnlySpan<byte> source);
}
