using System.Globalization;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Plugins.PortCommon;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>
/// The scsiport/Storport library as the dump port exports it (what the <c>dump_</c> miniport's imports bind to): register
/// windows, the one uncached extension, physical addresses, stalls, and notifications recorded as flags for the port's
/// polling loop. Depends on the stack context only, never on the miniport, so the miniport can take it in its constructor.
/// </summary>
internal sealed class DumpPortServices : PortServicesBase<ScsiRequestBlock>, IStorPortServices
{
    private const ulong FirstIoAddress = 0x1000;
    private const ulong FirstMemoryAddress = 0xFEB0_0000;

    private readonly AccessRange[] _accessRanges;
    private readonly List<PhysicalSegment> _scatterGather = new(64);
    private PortConfiguration? _configuration;

    /// <summary>Creates the services for one stack.</summary>
    /// <param name="context">The stack context (adapter, clock).</param>
    /// <param name="allocator">DMA memory, usable only before crash mode.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">The port's settings (load name, uncached extension alignment).</param>
    public DumpPortServices(DumpStackContext context, IDmaAllocator allocator, IDumpLog log, PortSettings settings)
        : base(context, allocator, log, settings)
    {
        _accessRanges = BuildAccessRanges(context.Adapter.RegisterSpaces);
    }

    /// <inheritdoc/>
    public bool IsDumpMode => true;

    /// <summary>The adapter's register windows as ACCESS_RANGEs, in BAR order, at synthetic bus addresses.</summary>
    public IReadOnlyList<AccessRange> AccessRanges => _accessRanges;

    /// <summary>Whether the miniport has signalled NextRequest or NextLuRequest since the request was started.</summary>
    public bool ReadyForNextRequest { get; private set; }

    /// <summary>ResetDetected notifications not yet collected by the port.</summary>
    public int PendingResetsDetected { get; private set; }

    /// <summary>Records the configuration the miniport was handed, for its limits.</summary>
    /// <param name="configuration">The configuration of the current find-adapter call.</param>
    public void AttachConfiguration(PortConfiguration configuration) => _configuration = configuration;

    /// <inheritdoc/>
    public override void BeginRequest(ScsiRequestBlock request)
    {
        base.BeginRequest(request);
        ReadyForNextRequest = false;
    }

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
        var spaces = Context.Adapter.RegisterSpaces;
        for (int i = 0; i < _accessRanges.Length; i++)
        {
            var own = _accessRanges[i];
            if (own.RangeStart == range.RangeStart && own.RangeInMemory == range.RangeInMemory && range.RangeLength <= own.RangeLength)
            {
                return spaces[i];
            }
        }

        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{LoadName}: GetDeviceBase: {(range.RangeInMemory ? "memory" : "I/O")} range 0x{range.RangeStart:X} length 0x{range.RangeLength:X} is not one of the adapter's access ranges."), nameof(range));
    }

    /// <inheritdoc/>
    public IDmaBuffer? GetUncachedExtension(PortConfiguration configuration, int length) =>
        UncachedExtension(length, below4GiB: !(configuration?.Dma64BitAddresses ?? false));

    /// <inheritdoc/>
    public ulong GetPhysicalAddress(ScsiRequestBlock srb, long offset, out uint length)
    {
        ArgumentNullException.ThrowIfNull(srb);
        var data = srb.DataBuffer ?? throw new ArgumentException($"{LoadName}: GetPhysicalAddress: the SRB has no data buffer.", nameof(srb));
        if (offset < 0 || offset >= data.ByteCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, string.Create(CultureInfo.InvariantCulture, $"{LoadName}: GetPhysicalAddress: offset {offset} is outside the SRB's {data.ByteCount}-byte data buffer."));
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
    public int GetBusData(BusDataType busDataType, uint systemIoBusNumber, uint slotNumber, Span<byte> buffer)
    {
        var configuration = _configuration;
        if (busDataType != BusDataType.PCIConfiguration
            || systemIoBusNumber != (configuration?.SystemIoBusNumber ?? 0)
            || slotNumber != (configuration?.SlotNumber ?? 0))
        {
            return 0;
        }

        return Context.Adapter.ReadConfigSpace(0, buffer);
    }

    /// <inheritdoc/>
    public void Notification(ScsiNotificationType type, ScsiRequestBlock? srb = null)
    {
        switch (type)
        {
            case ScsiNotificationType.RequestComplete:
                Complete(srb, "RequestComplete notified", "SRB");
                break;
            case ScsiNotificationType.NextRequest:
            case ScsiNotificationType.NextLuRequest:
                ReadyForNextRequest = true;
                break;
            case ScsiNotificationType.ResetDetected:
                PendingResetsDetected++;
                Log.Record(DumpLogLevel.Warning, LoadName, "The miniport reported a bus reset (ResetDetected).");
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
        Log.Record(DumpLogLevel.Warning, LoadName, string.Create(CultureInfo.InvariantCulture, $"Miniport logged error 0x{errorCode:X8}{where}: {message}"));
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
