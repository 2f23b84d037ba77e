using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// Where a controller model, set up in <see cref="Contracts.ControllerCrashState.Running"/>, puts the queues, rings
/// and buffers the normal-mode driver had given it: inside the machine's RAM (the dumped memory, never a buffer the
/// dump stack owns), as in a real crash, where the boot-time driver's allocations are ordinary pool memory. A dump
/// miniport that takes the controller over without resetting it finds the device still pointing there.
/// </summary>
public static class NormalModeDriverMemory
{
    private const ulong PageSize = 4096;

    /// <summary>The fallback when the machine has no RAM run large enough: 16 MiB, an address no DMA buffer of this
    /// bench uses (they sit at the top of the 32-bit space).</summary>
    private const ulong FallbackAddress = 0x0100_0000;

    /// <summary>A page-aligned address for <paramref name="length"/> bytes of the normal-mode driver's memory below
    /// 4 GiB: the middle of the largest mapped run below 4 GiB that holds it, else <see cref="FallbackAddress"/>
    /// (unmapped: a device DMA there fails, as a bus master abort).</summary>
    /// <param name="memory">The machine's physical memory.</param>
    /// <param name="length">Bytes needed.</param>
    /// <returns>The address.</returns>
    public static ulong Place(IPhysicalMemory memory, ulong length)
    {
        ArgumentNullException.ThrowIfNull(memory);
        PhysicalRange? best = null;
        foreach (var range in memory.Ranges)
        {
            ulong end = range.BaseAddress + range.Length;
            if (end <= 0x1_0000_0000 && range.Length >= length + (2 * PageSize) && (best is null || range.Length > best.Value.Length))
            {
                best = range;
            }
        }

        if (best is not { } run)
        {
            return FallbackAddress;
        }

        ulong middle = (run.BaseAddress + ((run.Length - length) / 2)) & ~(PageSize - 1);
        return Math.Max(middle, (run.BaseAddress + PageSize - 1) & ~(PageSize - 1));
    }
}
