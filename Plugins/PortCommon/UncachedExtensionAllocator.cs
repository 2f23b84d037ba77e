using System.Globalization;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// The one uncached extension a dump-mode miniport may have (ScsiPortGetUncachedExtension,
/// StorPortGetUncachedExtension, AtaPortGetUncachedExtension): at most 32 KiB, allocated on the first call, which
/// runs before crash mode, and handed out again afterwards, because a re-initialization in crash mode must not
/// allocate. In dump mode it is carved from the port's small preallocated pool, and Windows guarantees it no page
/// alignment (storahci: not even 1 KiB): it starts exactly <c>alignment</c> bytes past a page, so a miniport that
/// needs a page or a larger boundary for its queues aligns them inside the extension, as real drivers do.
/// </summary>
/// <param name="allocator">DMA memory, usable only before crash mode.</param>
/// <param name="log">The dump log.</param>
/// <param name="loadName">The port's load name, the log source.</param>
/// <param name="alignment">The extension's alignment, a power of two up to a page (see <see cref="PortSettings.UncachedExtensionAlignment"/>).</param>
internal sealed class UncachedExtensionAllocator(IDmaAllocator allocator, IDumpLog log, string loadName, uint alignment)
{
    /// <summary>Dump mode allows a miniport at most 32 KiB of uncached extension.</summary>
    public const int MaximumLength = 0x8000;

    private IDmaBuffer? _extension;

    /// <summary>The extension: allocated on the first call, the same buffer afterwards if the length fits.</summary>
    /// <param name="length">Bytes asked for, 1 to <see cref="MaximumLength"/>.</param>
    /// <param name="below4GiB">Whether the adapter needs it below 4 GiB.</param>
    /// <returns>The buffer (aligned to the port's alignment and to nothing larger), or <see langword="null"/> with an Error entry in the log.</returns>
    public IDmaBuffer? Get(int length, bool below4GiB)
    {
        if (length <= 0 || length > MaximumLength)
        {
            log.Record(DumpLogLevel.Error, loadName, string.Create(CultureInfo.InvariantCulture, $"GetUncachedExtension: {length} bytes refused; dump mode allows 1 to {MaximumLength} bytes."));
            return null;
        }

        if (_extension is not null)
        {
            if (length <= _extension.Length)
            {
                return _extension;
            }

            log.Record(DumpLogLevel.Error, loadName, string.Create(CultureInfo.InvariantCulture, $"GetUncachedExtension: {length} bytes refused; {_extension.Length} bytes were handed out already and no more can be allocated."));
            return null;
        }

        try
        {
            // A page-aligned block one page longer, handed out from `alignment` bytes in: aligned to that, not to more.
            int offset = alignment >= DumpContract.PageSize ? 0 : (int)alignment;
            var block = allocator.Allocate(length + offset, DumpContract.PageSize, below4GiB);
            _extension = offset == 0 ? block : new DmaBufferWindow(block, offset, length);
            return _extension;
        }
        catch (InvalidOperationException exception)
        {
            log.Record(DumpLogLevel.Error, loadName, $"GetUncachedExtension: {length} bytes could not be allocated: {exception.Message}");
            return null;
        }
    }
}

/// <summary>A window into a larger DMA buffer, starting <c>offset</c> bytes in.</summary>
/// <param name="block">The buffer.</param>
/// <param name="offset">Bytes skipped at its start.</param>
/// <param name="length">Bytes of the window.</param>
internal sealed class DmaBufferWindow(IDmaBuffer block, int offset, int length) : IDmaBuffer
{
    /// <inheritdoc/>
    public ulong PhysicalAddress => block.PhysicalAddress + (ulong)offset;

    /// <inheritdoc/>
    public int Length => length;

    /// <inheritdoc/>
    public Span<byte> Span => block.Span.Slice(offset, length);
}
