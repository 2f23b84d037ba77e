using System.Globalization;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>
/// The scsiport/Storport library as the dump port exports it (what the <c>dump_</c> miniport's imports bind to): register
/// windows, the one uncached extension, physical addresses, stalls, and notifications recorded as flags for the port's
/// polling loop. Depends on the stack context only, never on the miniport, so the miniport can take it in its constructor.
/// </summary>
internal sealed class DumpPortServices : IStorPortServices
{
    /// <summary>Dump mode allows a miniport at most 32 KiB of uncached extension.</summary>
    public const int MaximumUncachedExtension = 0x8000;

    private const ulong FirstIoAddress = 0x1000;
    private const ulong FirstMemoryAddress = 0xFEB0_0000;

    private readonly DumpStackContext _context;
    private readonly IDmaAllocator _allocator;
    private readonly IDumpLog _log;
    private readonly string _loadName;
    private readonly AccessRange[] _accessRanges;
    private readonly List<PhysicalSegment> _scatterGather = new(64);
    private IDmaBuffer? _uncachedExtension;
    private PortConfiguration? _configuration;
    private ScsiRequestBlock? _current;

    /// <summary>Creates the services for one stack.</summary>
    /// <param name="context">The stack context (adapter, clock).</param>
    /// <param name="allocator">DMA memory, usable only before crash mode.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="loadName">The port's load name, the log source.</param>
    public DumpPortServices(DumpStackContext context, IDmaAllocator allocator, IDumpLog log, string loadName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(log);
        _context = context;
        _allocator = allocator;
        _log = log;
        _loadName = loadName;
        _accessRanges = BuildAccessRanges(context.Adapter.RegisterSpaces);
    }

    /// <inheritdoc/>
    public bool IsDumpMode => true;

    /// <summary>The adapter's register windows as ACCESS_RANGEs, in BAR order, at synthetic bus addresses.</summary>
    public IReadOnlyList<AccessRange> AccessRanges => _accessRanges;

    /// <summary>Whether the miniport has signalled RequestComplete for the request started last.</summary>
    public bool CurrentRequestCompleted { get; private set; }

    /// <summary>Whether the miniport has signalled NextRequest or NextLuRequest since the request was started.</summary>
    public bool ReadyForNextRequest { get; private set; }

    /// <summary>ResetDetected notifications not yet collected by the port.</summary>
    public int PendingResetsDetected { get; private set; }

    /// <summary>Records the configuration the miniport was handed, for its limits.</summary>
    /// <param name="configuration">The configuration of the current find-adapter call.</param>
    public void AttachConfiguration(PortConfiguration configuration) => _configuration = configuration;

    /// <summary>Marks <paramref name="srb"/> as the one outstanding request and clears the completion flags.</summary>
    /// <param name="srb">The request about to be started.</param>
    public void BeginRequest(ScsiRequestBlock srb)
    {
        _current = srb;
        CurrentRequestCompleted = false;
        ReadyForNextRequest = false;
    }

    /// <summary>Forgets the outstanding request (it completed or was abandoned).</summary>
    public void EndRequest() => _current = null;

    /// <summary>Collects the ResetDetected notifications seen so far.</summary>
    /// <returns>How many there were.</returns>
    public int TakeResetsDetected()
    {
        int count = PendingResetsDetected;
        PendingResetsDetected = 0;
        return count;
    }

    /// <inheritdoc/>
    public IRegisterSpace GetDeviceBase(AccessRange range)
    {
        var spaces = _context.Adapter.RegisterSpaces;
        for (int i = 0; i < _accessRanges.Length; i++)
        {
            var own = _accessRanges[i];
            if (own.RangeStart == range.RangeStart && own.RangeInMemory == range.RangeInMemory && range.RangeLength <= own.RangeLength)
            {
                return spaces[i];
            }
        }

        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{_loadName}: GetDeviceBase: {(range.RangeInMemory ? "memory" : "I/O")} range 0x{range.RangeStart:X} length 0x{range.RangeLength:X} is not one of the adapter's access ranges."), nameof(range));
    }

    /// <inheritdoc/>
    public IDmaBuffer? GetUncachedExtension(PortConfiguration configuration, int length)
    {
        if (length <= 0 || length > MaximumUncachedExtension)
        {
            _log.Record(DumpLogLevel.Error, _loadName, string.Create(CultureInfo.InvariantCulture, $"GetUncachedExtension: {length} bytes refused; dump mode allows 1 to {MaximumUncachedExtension} bytes."));
            return null;
        }

        // A re-initialization after a timeout runs find-adapter again in crash mode, where nothing may allocate:
        // the miniport gets the same memory back, as the dump port's preallocated block would hand it out.
        if (_uncachedExtension is not null)
        {
            if (length <= _uncachedExtension.Length)
            {
                return _uncachedExtension;
            }

            _log.Record(DumpLogLevel.Error, _loadName, string.Create(CultureInfo.InvariantCulture, $"GetUncachedExtension: {length} bytes refused; {_uncachedExtension.Length} bytes were handed out already and no more can be allocated."));
            return null;
        }

        try
        {
            _uncachedExtension = _allocator.Allocate(length, DumpContract.PageSize, !(configuration?.Dma64BitAddresses ?? false));
            return _uncachedExtension;
        }
        catch (InvalidOperationException exception)
        {
            _log.Record(DumpLogLevel.Error, _loadName, $"GetUncachedExtension: {length} bytes could not be allocated: {exception.Message}");
            return null;
        }
    }

    /// <inheritdoc/>
    public ulong GetPhysicalAddress(ScsiRequestBlock srb, long offset, out uint length)
    {
        ArgumentNullException.ThrowIfNull(srb);
        var data = srb.DataBuffer ?? throw new ArgumentException($"{_loadName}: GetPhysicalAddress: the SRB has no data buffer.", nameof(srb));
        if (offset < 0 || offset >= data.ByteCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, string.Create(CultureInfo.InvariantCulture, $"{_loadName}: GetPhysicalAddress: offset {offset} is outside the SRB's {data.ByteCount}-byte data buffer."));
        }

        return data.GetPhysicalAddress(offset, out length);
    }

    /// <inheritdoc/>
    public IReadOnlyList<PhysicalSegment> GetScatterGatherList(ScsiRequestBlock srb)
    {
        ArgumentNullException.ThrowIfNull(srb);
        // One list reused for every request: there is only ever one outstanding request in dump mode.
        _scatterGather.Clear();
        if (srb.DataBuffer is not { } data)
        {
            return _scatterGather;
        }

        uint maximumElement = _configuration?.MaximumTransferLength ?? uint.MaxValue;
        if (maximumElement == 0)
        {
            maximumElement = uint.MaxValue;
        }

        foreach (var segment in data.Segments)
        {
            ulong address = segment.Address;
            uint left = segment.Length;
            while (left > maximumElement)
            {
                _scatterGather.Add(new PhysicalSegment(address, maximumElement));
                address += maximumElement;
                left -= maximumElement;
            }

            _scatterGather.Add(new PhysicalSegment(address, left));
        }

        return _scatterGather;
    }

    /// <inheritdoc/>
    public void StallExecution(uint microseconds) => _context.Clock.Stall(microseconds);

    /// <inheritdoc/>
    public void Notification(ScsiNotificationType type, ScsiRequestBlock? srb = null)
    {
        switch (type)
        {
            case ScsiNotificationType.RequestComplete:
                if (srb is not null && ReferenceEquals(srb, _current))
                {
                    CurrentRequestCompleted = true;
                }
                else
                {
                    _log.Record(DumpLogLevel.Warning, _loadName, srb is null
                        ? "RequestComplete notified without an SRB; ignored."
                        : "RequestComplete notified for an SRB that is not outstanding; ignored.");
                }

                break;
            case ScsiNotificationType.NextRequest:
            case ScsiNotificationType.NextLuRequest:
                ReadyForNextRequest = true;
                break;
            case ScsiNotificationType.ResetDetected:
                PendingResetsDetected++;
                _log.Record(DumpLogLevel.Warning, _loadName, "The miniport reported a bus reset (ResetDetected).");
                break;
            default:
                // Timers, DPC-like callbacks and interrupt enabling mean nothing to a polled port with interrupts off.
                break;
        }
    }

    /// <inheritdoc/>
    public void LogError(ScsiRequestBlock? srb, uint errorCode, string message)
    {
        string where = srb is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" (SRB to {srb.PathId}:{srb.TargetId}:{srb.Lun}, opcode 0x{(srb.CdbLength > 0 ? srb.Cdb[0] : 0):X2})");
        _log.Record(DumpLogLevel.Warning, _loadName, string.Create(CultureInfo.InvariantCulture, $"Miniport logged error 0x{errorCode:X8}{where}: {message}"));
    }

    /// <summary>Places the register windows at synthetic bus addresses, each aligned to its size as a BAR is.</summary>
    private static AccessRange[] BuildAccessRanges(IReadOnlyList<IRegisterSpace> spaces)
    {
        var ranges = new AccessRange[spaces.Count];
        ulong nextIo = FirstIoAddress;
        ulong nextMemory = FirstMemoryAddress;
        for (int i = 0; i < ranges.Length; i++)
        {
            var space = spaces[i];
            uint length = (uint)Math.Max(space.Length, 1);
            ulong alignment = Math.Max(System.Numerics.BitOperations.RoundUpToPowerOf2(length), space.IsMemoryMapped ? (ulong)DumpContract.PageSize : 4UL);
            if (space.IsMemoryMapped)
            {
                nextMemory = AlignUp(nextMemory, alignment);
                ranges[i] = new AccessRange(nextMemory, length, true);
                nextMemory += alignment;
            }
            else
            {
                nextIo = AlignUp(nextIo, alignment);
                ranges[i] = new AccessRange(nextIo, length, false);
                nextIo += alignment;
            }
        }

        return ranges;
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
