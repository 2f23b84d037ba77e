using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Plugins.PortCommon;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>
/// <c>diskdump.sys</c>: the polled SCSI/Storport dump port. Open brings the adapter up through the miniport
/// (find-adapter with <c>dump=1</c>, initialize) and opens the saved target (TEST UNIT READY, INQUIRY,
/// READ CAPACITY); Write/Read send READ/WRITE(10/16) requests; Flush sends SYNCHRONIZE CACHE and Finish, bound as
/// storport, SRB_FUNCTION_SHUTDOWN.
/// </summary>
internal sealed class DiskDumpPort : DumpPortBase
{
    private readonly ScsiRequestEngine _engine;
    private readonly PortInterface _binding;
    private readonly ScsiRequestBlock _ioSrb = new();
    private readonly ScsiRequestBlock _functionSrb = new();

    /// <summary>Creates the port for one stack.</summary>
    /// <param name="miniport">The <c>dump_</c> miniport, already bound to <paramref name="services"/>.</param>
    /// <param name="services">The port services this image exports.</param>
    /// <param name="context">The stack context prepared by the host.</param>
    /// <param name="allocator">DMA memory, used once during <see cref="DumpPortBase.Open"/>.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">Load name and tunables.</param>
    public DiskDumpPort(IScsiMiniport miniport, DumpPortServices services, DumpStackContext context, IDmaAllocator allocator, IDumpLog log, PortSettings settings)
        : base(context, log, settings)
    {
        ArgumentNullException.ThrowIfNull(miniport);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(allocator);
        _binding = BindingFromLoadName(settings.LoadName);
        _engine = new ScsiRequestEngine(miniport, services, context, allocator, settings, _binding, Statistics, Diagnostics);
    }

    /// <summary>diskdump's defaults, as PortScsiPlugin.cs declares them: patient with a busy target, five retries as Linux diskdump.</summary>
    public static PortSettings Defaults { get; } = PortSettings.DeclaredDefaults(typeof(DiskDumpPort).Assembly, "diskdump");

    /// <inheritdoc/>
    protected override string UnitName => "block";

    /// <summary>The common buffer that receives the port's own INQUIRY and READ CAPACITY data.</summary>
    private IDmaBuffer ProbeBuffer => Context.CommonBuffers[^1];

    /// <summary>The interface named by the load name's suffix (<c>dump_scsiport</c> → scsiport); storport otherwise,
    /// because its completion rules (NextRequest optional) are the more permissive ones.</summary>
    /// <param name="loadName">The load name.</param>
    /// <returns>The binding.</returns>
    public static PortInterface BindingFromLoadName(string loadName)
    {
        ArgumentNullException.ThrowIfNull(loadName);
        int separator = loadName.IndexOf('_', StringComparison.Ordinal);
        string suffix = separator >= 0 ? loadName[(separator + 1)..] : loadName;
        return PortInterfaceNames.TryParse(suffix, out var binding) && binding != PortInterface.AtaPort ? binding : PortInterface.StorPort;
    }

    /// <inheritdoc/>
    protected override PortRequestResult OpenTarget(out DumpTargetInfo? target)
    {
        target = null;
        if (ProbeBuffer.Length < ScsiCommands.ReadCapacity16Length)
        {
            return Diagnostics.Failure(NtStatus.InsufficientResources, "the stack context provides no usable common buffer");
        }

        var result = _engine.PrepareResources();
        if (result.IsSuccess)
        {
            result = _engine.BringUpAdapter();
        }

        if (result.IsSuccess)
        {
            result = ProbeTarget(out target);
        }

        return result.IsSuccess ? ApplyLimits(target!) : result;
    }

    /// <inheritdoc/>
    protected override string DescribeOpened(DumpTargetInfo target)
    {
        var address = Context.TargetAddress;
        return string.Create(CultureInfo.InvariantCulture,
            $"Opened {target.Vendor} {target.Product} {target.Revision} at {address.PathId}:{address.TargetId}:{address.Lun}: {target.BlockCount} blocks of {target.BlockSize} bytes; transfers up to {MaximumTransferSize} bytes through {_engine.MiniportName} on {Context.Adapter.Model}.");
    }

    /// <inheritdoc/>
    protected override PortRequestResult FlushCache()
    {
        int length = ScsiCommands.SynchronizeCache10(_engine.CdbScratch);
        _engine.PrepareScsi(_ioSrb, length, SrbFlags.NoDataTransfer, null, 0);
        var flushed = _engine.Execute(_ioSrb, new PortRequestLabel("SYNCHRONIZE CACHE(10)"));
        if (flushed.IsSuccess)
        {
            Diagnostics.Record(DumpLogLevel.Information, "Device cache flushed (SYNCHRONIZE CACHE(10)).");
        }

        return flushed;
    }

    /// <inheritdoc/>
    protected override PortRequestResult ShutDown()
    {
        if (_binding != PortInterface.StorPort)
        {
            // scsiport's dump path ends with the flush; only storport tells the miniport the system is going down.
            Diagnostics.Record(DumpLogLevel.Information, "Dump finished (bound as scsiport: no SRB_FUNCTION_SHUTDOWN).");
            return PortRequestResult.Succeeded;
        }

        _engine.PrepareFunction(_functionSrb, SrbFunction.Shutdown);
        var shutdown = _engine.Execute(_functionSrb, new PortRequestLabel("SRB_FUNCTION_SHUTDOWN"));
        if (!shutdown.IsSuccess)
        {
            // The cache is already flushed; a miniport without shutdown handling does not lose the dump.
            Diagnostics.Record(DumpLogLevel.Warning, $"{Diagnostics.WithoutLoadName(shutdown.Failure)} Ignored: the cache was flushed.");
            return PortRequestResult.Succeeded;
        }

        Diagnostics.Record(DumpLogLevel.Information, "Dump finished: SRB_FUNCTION_SHUTDOWN completed.");
        return PortRequestResult.Succeeded;
    }

    /// <inheritdoc/>
    protected override bool CanAddress(ulong address, uint length) => _engine.CanAddress(address, length);

    /// <inheritdoc/>
    protected override PortRequestResult Issue(bool write, long lba, long bytes, int blockSize, Mdl data)
    {
        uint blocks = (uint)(bytes / blockSize);
        int length = ScsiCommands.ReadWrite(_engine.CdbScratch, write, lba, blocks);
        _engine.PrepareScsi(_ioSrb, length, write ? SrbFlags.DataOut : SrbFlags.DataIn, data, (uint)bytes, lba);
        return _engine.Execute(_ioSrb, new PortRequestLabel(ScsiCommands.ReadWriteName(write, lba, blocks), lba, blocks));
    }

    /// <summary>TEST UNIT READY (clears a power-on UNIT ATTENTION through the retry rules), INQUIRY, READ CAPACITY.</summary>
    private PortRequestResult ProbeTarget(out DumpTargetInfo? target)
    {
        target = null;
        int length = ScsiCommands.TestUnitReady(_engine.CdbScratch);
        _engine.PrepareScsi(_ioSrb, length, SrbFlags.NoDataTransfer, null, 0);
        var result = _engine.Execute(_ioSrb, new PortRequestLabel("TEST UNIT READY"));
        if (!result.IsSuccess)
        {
            return result;
        }

        result = ProbeDataIn(ScsiCommands.Inquiry(_engine.CdbScratch, ScsiCommands.InquiryLength), ScsiCommands.InquiryLength, "INQUIRY", out int received);
        if (!result.IsSuccess)
        {
            return result;
        }

        var inquiry = ProbeBuffer.Span[..received];
        if (inquiry.IsEmpty)
        {
            return Diagnostics.Failure(NtStatus.NoSuchDevice, "INQUIRY returned no data");
        }

        int qualifier = inquiry[0] >> 5;
        int deviceType = inquiry[0] & 0x1F;
        var address = Context.TargetAddress;
        if (qualifier != 0)
        {
            return Diagnostics.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"no logical unit at {address.PathId}:{address.TargetId}:{address.Lun} (INQUIRY peripheral qualifier {qualifier}, device type 0x{deviceType:X2})"));
        }

        if (deviceType != 0)
        {
            return Diagnostics.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"the target at {address.PathId}:{address.TargetId}:{address.Lun} is not a direct-access block device (INQUIRY peripheral device type 0x{deviceType:X2})"));
        }

        string vendor = AsciiField(inquiry, 8, 8);
        string product = AsciiField(inquiry, 16, 16);
        string revision = AsciiField(inquiry, 32, 4);

        result = ProbeDataIn(ScsiCommands.ReadCapacity10(_engine.CdbScratch), ScsiCommands.ReadCapacity10Length, "READ CAPACITY(10)", out received);
        if (!result.IsSuccess)
        {
            return result;
        }

        if (received < ScsiCommands.ReadCapacity10Length)
        {
            return Diagnostics.Failure(NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"READ CAPACITY(10) returned {received} of {ScsiCommands.ReadCapacity10Length} bytes"));
        }

        ulong lastLba = BinaryPrimitives.ReadUInt32BigEndian(ProbeBuffer.Span);
        uint blockSize = BinaryPrimitives.ReadUInt32BigEndian(ProbeBuffer.Span[4..]);
        if (lastLba == uint.MaxValue)
        {
            // The capacity does not fit 32 bits: READ CAPACITY(16) has the real last LBA.
            result = ProbeDataIn(ScsiCommands.ReadCapacity16(_engine.CdbScratch), ScsiCommands.ReadCapacity16Length, "READ CAPACITY(16)", out received);
            if (!result.IsSuccess)
            {
                return result;
            }

            if (received < 12)
            {
                return Diagnostics.Failure(NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"READ CAPACITY(16) returned {received} bytes, fewer than the 12 holding LBA and block length"));
            }

            lastLba = BinaryPrimitives.ReadUInt64BigEndian(ProbeBuffer.Span);
            blockSize = BinaryPrimitives.ReadUInt32BigEndian(ProbeBuffer.Span[8..]);
        }

        if (blockSize < MinimumBlockSize || blockSize > MaximumBlockSize || !uint.IsPow2(blockSize))
        {
            return Diagnostics.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture, $"unsupported logical block size {blockSize} (READ CAPACITY); the port handles powers of two from {MinimumBlockSize} to {MaximumBlockSize}"));
        }

        if (lastLba >= (ulong)(long.MaxValue / blockSize))
        {
            return Diagnostics.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture, $"capacity of {lastLba} + 1 blocks of {blockSize} bytes is beyond what the port addresses"));
        }

        target = new DumpTargetInfo { Vendor = vendor, Product = product, Revision = revision, BlockCount = (long)lastLba + 1, BlockSize = (int)blockSize };
        return PortRequestResult.Succeeded;
    }

    /// <summary>Runs a data-in probe command into the probe common buffer.</summary>
    private PortRequestResult ProbeDataIn(int cdbLength, int length, string name, out int received)
    {
        var buffer = ProbeBuffer;
        buffer.Span[..length].Clear();
        _engine.PrepareScsi(_ioSrb, cdbLength, SrbFlags.DataIn, Mdl.FromBuffer(buffer, length), (uint)length);
        var result = _engine.Execute(_ioSrb, new PortRequestLabel(name));
        received = (int)Math.Min(_ioSrb.DataTransferLength, (uint)length);
        return result;
    }

    /// <summary>MaximumTransferSize = min(host limit, MaximumTransferLength, NumberOfPhysicalBreaks pages, the bounce
    /// buffer when the adapter cannot reach all of memory), rounded down to whole blocks.</summary>
    private PortRequestResult ApplyLimits(DumpTargetInfo target)
    {
        var configuration = _engine.Configuration!;
        long maximum = long.MaxValue;
        if (configuration.MaximumTransferLength != uint.MaxValue)
        {
            maximum = configuration.MaximumTransferLength;
        }

        uint breaks = configuration.NumberOfPhysicalBreaks;
        MaximumSegments = int.MaxValue;
        if (breaks != uint.MaxValue)
        {
            maximum = Math.Min(maximum, Math.Max(1L, breaks) * DumpContract.PageSize);
            MaximumSegments = (int)Math.Min(breaks + 1L, int.MaxValue);
        }

        // A 32-bit adapter on a machine with memory above 4 GiB bounces those pages, a common buffer at a time.
        if (!configuration.Dma64BitAddresses && Context.Memory.Ranges.Any(range => range.EndAddress > FourGiB))
        {
            maximum = Math.Min(maximum, BounceBuffer.Length);
        }

        return ApplyTransferLimit(maximum, target.BlockSize, string.Create(CultureInfo.InvariantCulture,
            $"MaximumTransferLength {configuration.MaximumTransferLength}, NumberOfPhysicalBreaks {breaks}"));
    }
}
