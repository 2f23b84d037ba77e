using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Plugins.PortCommon;

namespace DumpFramework.Plugins.PortAta;

/// <summary>
/// The ataport library as the dump port exports it (what the <c>dump_</c> channel miniport's imports bind to): the
/// channel's register windows, one uncached extension, scatter/gather lists, PIO buffer copies through the physical
/// address space, stalls, and completion recorded for the port's polling loop. Depends on the stack context only.
/// </summary>
internal sealed class AtaPortServices : PortServicesBase<IdeRequestBlock>, IAtaPortServices
{
    private readonly List<PhysicalSegment> _scatterGather = new(64);

    /// <summary>Creates the services for one stack.</summary>
    /// <param name="context">The stack context (adapter, memory, clock).</param>
    /// <param name="allocator">DMA memory, usable only before crash mode.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">The port's settings (load name, uncached extension alignment).</param>
    public AtaPortServices(DumpStackContext context, IDmaAllocator allocator, IDumpLog log, PortSettings settings)
        : base(context, allocator, log, settings)
    {
    }

    /// <inheritdoc/>
    public bool IsDumpMode => true;

    /// <inheritdoc/>
    public IReadOnlyList<IRegisterSpace> RegisterSpaces => Context.Adapter.RegisterSpaces;

    /// <summary>Whether the miniport has declared its device busy (AtaPortDeviceBusy) and not yet ready again.</summary>
    public bool DeviceIsBusy { get; private set; }

    /// <inheritdoc/>
    public IDmaBuffer? GetUncachedExtension(int length) =>
        // Below 4 GiB: PRD tables hold 32-bit addresses. Not page aligned: a table must not cross 64 KiB, which the
        // miniport sees to inside its extension.
        UncachedExtension(length, below4GiB: true);

    /// <inheritdoc/>
    public IReadOnlyList<PhysicalSegment> GetScatterGatherList(IdeRequestBlock irb)
    {
        ArgumentNullException.ThrowIfNull(irb);
        // One list reused for every request: dump mode has one outstanding request.
        _scatterGather.Clear();
        if (irb.DataBuffer is { } data)
        {
            long left = irb.DataTransferLength;
            foreach (var segment in data.Segments)
            {
                if (left <= 0)
                {
                    break;
                }

                uint take = (uint)Math.Min(segment.Length, left);
                _scatterGather.Add(segment with { Length = take });
                left -= take;
            }
        }

        return _scatterGather;
    }

    /// <inheritdoc/>
    public bool ReadRequestData(IdeRequestBlock irb, long offset, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(irb);
        if (irb.DataBuffer is not { } data || offset < 0 || offset + destination.Length > data.ByteCount)
        {
            return false;
        }

        return data.TryCopyTo(offset, Context.Memory, destination, out _);
    }

    /// <inheritdoc/>
    public bool WriteRequestData(IdeRequestBlock irb, long offset, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(irb);
        if (irb.DataBuffer is not { } data || offset < 0 || offset + source.Length > data.ByteCount)
        {
            return false;
        }

        return data.TryCopyFrom(offset, Context.Memory, source, out _);
    }

    /// <inheritdoc/>
    public int GetBusData(Span<byte> buffer, int configDataOffset) => Context.Adapter.ReadConfigSpace(configDataOffset, buffer);

    /// <inheritdoc/>
    public void CompleteRequest(IdeRequestBlock irb) => Complete(irb, "CompleteRequest called", "IRB");

    /// <inheritdoc/>
    public void DeviceBusy(byte targetId) => DeviceIsBusy = true;

    /// <inheritdoc/>
    public void DeviceReady(byte targetId) => DeviceIsBusy = false;

    /// <inheritdoc/>
    public void LogError(string message)
    {
        string source = Context.MiniportName;
        string prefix = source + ": ";
        string text = message ?? string.Empty;
        Log.Record(DumpLogLevel.Warning, source, text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text);
    }
}
