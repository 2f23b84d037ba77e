namespace DumpFramework.Abstractions.Hardware;

/// <summary>
/// Allocates DMA-capable memory in the physical address space, outside the dumped memory. Only usable while a
/// stack is being assembled or opened: in crash mode nothing may allocate (the host enforces this).
/// </summary>
public interface IDmaAllocator
{
    /// <summary>Allocates a zeroed, physically contiguous buffer.</summary>
    /// <param name="length">Length in bytes (at least 1).</param>
    /// <param name="alignment">Physical alignment in bytes, a power of two (at most a page is guaranteed cheap).</param>
    /// <param name="below4GiB">Whether the buffer must lie below 4 GiB (for 32-bit bus masters such as IDE PRDs).</param>
    /// <returns>The buffer.</returns>
    /// <exception cref="InvalidOperationException">Allocation is not allowed now (crash mode) or no space is left.</exception>
    IDmaBuffer Allocate(int length, int alignment, bool below4GiB);
}
