using System.Globalization;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortAta;

/// <summary>
/// The ataport library as the dump port exports it (what the <c>dump_</c> channel miniport's imports bind to): the
/// channel's register windows, one uncached extension, scatter/gather lists, PIO buffer copies through the physical
/// address space, stalls, and completion recorded for the port's polling loop. Depends on the stack context only.
/// </summary>
internal sealed class AtaPortServices : IAtaPortServices
{
    /// <summary>Dump mode allows a miniport at most 32 KiB of uncached extension.</summary>
    public const int MaximumUncachedExtension = 0x8000;

    private readonly DumpStackContext _context;
    private readonly IDmaAllocator _allocator;
    private readonly IDumpLog _log;
    private readonly string _loadName;
    private readonly List<PhysicalSegment> _scatterGather = new(64);
    private IDmaBuffer? _uncachedExtension;
    private IdeRequestBlock? _current;

    /// <summary>Creates the services for one stack.</summary>
    /// <param name="context">The stack context (adapter, memory, clock).</param>
    /// <param name="allocator">DMA memory, usable only before crash mode.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="loadName">The port's load name, the log source.</param>
    public AtaPortServices(DumpStackContext context, IDmaAllocator allocator, IDumpLog log, string loadName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(log);
        _context = context;
        _allocator = allocator;
        _log = log;
        _loadName = loadName;
    }

    /// <inheritdoc/>
    public bool IsDumpMode => true;

    /// <inheritdoc/>
    public IReadOnlyList<IRegisterSpace> RegisterSpaces => _context.Adapter.RegisterSpaces;

    /// <summary>Whether the miniport has completed the request started last.</summary>
    public bool CurrentRequestCompleted { get; private set; }

    /// <summary>Whether the miniport has declared its device busy (AtaPortDeviceBusy) and not yet ready again.</summary>
    public bool DeviceIsBusy { get; private set; }

    /// <summary>Marks <paramref name="irb"/> as the one outstanding request.</summary>
    /// <param name="irb">The request about to be started.</param>
    public void BeginRequest(IdeRequestBlock irb)
    {
        _current = irb;
        CurrentRequestCompleted = false;
    }

    /// <summary>Forgets the outstanding request.</summary>
    public void EndRequest() => _current = null;

    /// <inheritdoc/>
    public IDmaBuffer? GetUncachedExtension(int length)
    {
        if (length <= 0 || length > MaximumUncachedExtension)
        {
            _log.Record(DumpLogLevel.Error, _loadName, string.Create(CultureInfo.InvariantCulture, $"GetUncachedExtension: {length} bytes refused; dump mode allows 1 to {MaximumUncachedExtension} bytes."));
            return null;
        }

        // A channel re-initialization gets the same memory back: nothing may allocate in crash mode.
        if (_uncachedExtension is not null)
        {
            if (length <= _uncachedExtension.Length)
            {
                return _uncachedExtension;
            }

            _log.Record(DumpLogLevel.Error, _loadName, string.Create(CultureInfo.InvariantCulture, $"GetUncachedExtension: {length} bytes refused; {_uncachedExtension.Length} bytes were handed out already."));
            return null;
        }

        try
        {
            // Page aligned and below 4 GiB: PRD tables hold 32-bit addresses and must not cross 64 KiB.
            _uncachedExtension = _allocator.Allocate(length, DumpContract.PageSize, below4GiB: true);
            return _uncachedExtension;
        }
        catch (InvalidOperationException exception)
        {
            _log.Record(DumpLogLevel.Error, _loadName, $"GetUncachedExtension: {length} bytes could not be allocated: {exception.Message}");
            return null;
        }
    }

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

        return data.TryCopyTo(offset, _context.Memory, destination, out _);
    }

    /// <inheritdoc/>
    public bool WriteRequestData(IdeRequestBlock irb, long offset, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(irb);
        if (irb.DataBuffer is not { } data || offset < 0 || offset + source.Length > data.ByteCount)
        {
            return false;
        }

        return data.TryCopyFrom(offset, _context.Memory, source, out _);
    }

    /// <inheritdoc/>
    public void StallExecution(uint microseconds) => _context.Clock.Stall(microseconds);

    /// <inheritdoc/>
    public void CompleteRequest(IdeRequestBlock irb)
    {
        if (irb is not null && ReferenceEquals(irb, _current))
        {
            CurrentRequestCompleted = true;
            return;
        }

        _log.Record(DumpLogLevel.Warning, _loadName, irb is null
            ? "CompleteRequest called without an IRB; ignored."
            : "CompleteRequest called for an IRB that is not outstanding; ignored.");
    }

    /// <inheritdoc/>
    public void DeviceBusy(byte targetId) => DeviceIsBusy = true;

    /// <inheritdoc/>
    public void DeviceReady(byte targetId) => DeviceIsBusy = false;

    /// <inheritdoc/>
    public void LogError(string message)
    {
        string source = _context.MiniportName;
        string prefix = source + ": ";
        string text = message ?? string.Empty;
        _log.Record(DumpLogLevel.Warning, source, text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text);
    }
}
