using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>
/// <c>diskdump.sys</c>: the polled SCSI/Storport dump port. Open brings the adapter up through the miniport
/// (find-adapter with <c>dump=1</c>, initialize) and opens the saved target (TEST UNIT READY, INQUIRY,
/// READ CAPACITY); Write/Read split the caller's MDL into READ/WRITE(10/16) requests within the miniport's limits and
/// hand the dumped pages themselves to the miniport (bouncing through a common buffer only for memory the adapter
/// cannot reach); Finish flushes with SYNCHRONIZE CACHE and, bound as storport, sends SRB_FUNCTION_SHUTDOWN.
/// </summary>
internal sealed class DiskDumpPort : IDumpPort
{
    private const int MinimumBlockSize = 512;
    private const int MaximumBlockSize = 0x10000;
    private const ulong FourGiB = 1UL << 32;

    private readonly PolledRequestEngine _engine;
    private readonly DumpStackContext _context;
    private readonly IDumpLog _log;
    private readonly DiskDumpSettings _settings;
    private readonly ScsiRequestBlock _ioSrb = new();
    private readonly ScsiRequestBlock _functionSrb = new();
    private PhysicalSegment[] _chunk = new PhysicalSegment[64];
    private int _maximumSegments = int.MaxValue;

    /// <summary>Creates the port for one stack.</summary>
    /// <param name="miniport">The <c>dump_</c> miniport, already bound to <paramref name="services"/>.</param>
    /// <param name="services">The port services this image exports.</param>
    /// <param name="context">The stack context prepared by the host.</param>
    /// <param name="allocator">DMA memory, used once during <see cref="Open"/>.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">Load name and tunables.</param>
    public DiskDumpPort(IScsiMiniport miniport, DumpPortServices services, DumpStackContext context, IDmaAllocator allocator, IDumpLog log, DiskDumpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(miniport);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(settings);
        _context = context;
        _log = log;
        _settings = settings;
        _engine = new PolledRequestEngine(miniport, services, context, allocator, log, settings, Statistics);
    }

    /// <inheritdoc/>
    public DumpTargetInfo? Target { get; private set; }

    /// <inheritdoc/>
    public int MaximumTransferSize { get; private set; }

    /// <inheritdoc/>
    public DumpPortStatistics Statistics { get; } = new();

    /// <inheritdoc/>
    public string? LastError { get; private set; }

    /// <summary>The common buffer used to bounce data the adapter cannot address.</summary>
    private IDmaBuffer BounceBuffer => _context.CommonBuffers[0];

    /// <summary>The common buffer that receives the port's own INQUIRY and READ CAPACITY data.</summary>
    private IDmaBuffer ProbeBuffer => _context.CommonBuffers[^1];

    /// <inheritdoc/>
    public NtStatus Open()
    {
        Target = null;
        MaximumTransferSize = 0;
        if (_context.CommonBuffers.Count == 0 || ProbeBuffer.Length < ScsiCommands.ReadCapacity16Length)
        {
            return Fail(_engine.Failure(NtStatus.InsufficientResources, "the stack context provides no usable common buffer"));
        }

        var result = _engine.PrepareResources();
        if (result.IsSuccess)
        {
            result = _engine.BringUpAdapter();
        }

        if (result.IsSuccess)
        {
            result = OpenTarget(out var target);
            if (result.IsSuccess)
            {
                result = ApplyLimits(target!);
                if (result.IsSuccess)
                {
                    Target = target;
                }
            }
        }

        if (!result.IsSuccess)
        {
            return Fail(result);
        }

        var address = _context.TargetAddress;
        var info = Target!;
        _log.Record(DumpLogLevel.Information, _settings.LoadName, string.Create(CultureInfo.InvariantCulture,
            $"Opened {info.Vendor} {info.Product} {info.Revision} at {address.PathId}:{address.TargetId}:{address.Lun}: {info.BlockCount} blocks of {info.BlockSize} bytes; transfers up to {MaximumTransferSize} bytes through {_engine.MiniportName} on {_context.Adapter.Model}."));
        return NtStatus.Success;
    }

    /// <inheritdoc/>
    public NtStatus Write(long diskByteOffset, Mdl data) => Transfer(write: true, diskByteOffset, data);

    /// <inheritdoc/>
    public NtStatus Read(long diskByteOffset, Mdl data) => Transfer(write: false, diskByteOffset, data);

    /// <inheritdoc/>
    public NtStatus Finish()
    {
        if (Target is null)
        {
            return Fail(new RequestResult(NtStatus.DeviceNotReady, $"{_settings.LoadName}: Finish called without a successful Open."));
        }

        int length = ScsiCommands.SynchronizeCache10(_engine.CdbScratch);
        _engine.PrepareScsi(_ioSrb, length, SrbFlags.NoDataTransfer, null, 0);
        var flushed = _engine.Execute(_ioSrb, new RequestLabel("SYNCHRONIZE CACHE(10)"));
        if (!flushed.IsSuccess)
        {
            // The data may still sit in the device's cache: the dump is not durable.
            return Fail(flushed);
        }

        if (_settings.Binding == PortInterface.StorPort)
        {
            _engine.PrepareFunction(_functionSrb, SrbFunction.Shutdown);
            var shutdown = _engine.Execute(_functionSrb, new RequestLabel("SRB_FUNCTION_SHUTDOWN"));
            if (!shutdown.IsSuccess)
            {
                // The cache is already flushed; a miniport without shutdown handling does not lose the dump.
                _log.Record(DumpLogLevel.Warning, _settings.LoadName, $"{WithoutLoadName(shutdown.Failure)} Ignored: the cache was flushed.");
            }
        }

        _log.Record(DumpLogLevel.Information, _settings.LoadName, "Device cache flushed.");
        return NtStatus.Success;
    }

    /// <summary>TEST UNIT READY (clears a power-on UNIT ATTENTION through the retry rules), INQUIRY, READ CAPACITY.</summary>
    private RequestResult OpenTarget(out DumpTargetInfo? target)
    {
        target = null;
        int length = ScsiCommands.TestUnitReady(_engine.CdbScratch);
        _engine.PrepareScsi(_ioSrb, length, SrbFlags.NoDataTransfer, null, 0);
        var result = _engine.Execute(_ioSrb, new RequestLabel("TEST UNIT READY"));
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
            return _engine.Failure(NtStatus.NoSuchDevice, "INQUIRY returned no data");
        }

        int qualifier = inquiry[0] >> 5;
        int deviceType = inquiry[0] & 0x1F;
        var address = _context.TargetAddress;
        if (qualifier != 0)
        {
            return _engine.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"no logical unit at {address.PathId}:{address.TargetId}:{address.Lun} (INQUIRY peripheral qualifier {qualifier}, device type 0x{deviceType:X2})"));
        }

        if (deviceType != 0)
        {
            return _engine.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"the target at {address.PathId}:{address.TargetId}:{address.Lun} is not a direct-access block device (INQUIRY peripheral device type 0x{deviceType:X2})"));
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
            return _engine.Failure(NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"READ CAPACITY(10) returned {received} of {ScsiCommands.ReadCapacity10Length} bytes"));
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
                return _engine.Failure(NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"READ CAPACITY(16) returned {received} bytes, fewer than the 12 holding LBA and block length"));
            }

            lastLba = BinaryPrimitives.ReadUInt64BigEndian(ProbeBuffer.Span);
            blockSize = BinaryPrimitives.ReadUInt32BigEndian(ProbeBuffer.Span[8..]);
        }

        if (blockSize < MinimumBlockSize || blockSize > MaximumBlockSize || !uint.IsPow2(blockSize))
        {
            return _engine.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture, $"unsupported logical block size {blockSize} (READ CAPACITY); the port handles powers of two from {MinimumBlockSize} to {MaximumBlockSize}"));
        }

        if (lastLba >= (ulong)(long.MaxValue / blockSize))
        {
            return _engine.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture, $"capacity of {lastLba} + 1 blocks of {blockSize} bytes is beyond what the port addresses"));
        }

        target = new DumpTargetInfo(vendor, product, revision, (long)lastLba + 1, (int)blockSize);
        return RequestResult.Succeeded;
    }

    /// <summary>Runs a data-in probe command into the probe common buffer.</summary>
    private RequestResult ProbeDataIn(int cdbLength, int length, string name, out int received)
    {
        var buffer = ProbeBuffer;
        buffer.Span[..length].Clear();
        _engine.PrepareScsi(_ioSrb, cdbLength, SrbFlags.DataIn, Mdl.FromBuffer(buffer, length), (uint)length);
        var result = _engine.Execute(_ioSrb, new RequestLabel(name));
        received = (int)Math.Min(_ioSrb.DataTransferLength, (uint)length);
        return result;
    }

    /// <summary>MaximumTransferSize = min(host limit, MaximumTransferLength, NumberOfPhysicalBreaks pages, the bounce
    /// buffer when the adapter cannot reach all of memory), rounded down to whole blocks.</summary>
    private RequestResult ApplyLimits(DumpTargetInfo target)
    {
        var configuration = _engine.Configuration!;
        long maximum = _context.MaximumTransferSize > 0 ? _context.MaximumTransferSize : DumpContract.CommonBufferSize;
        if (configuration.MaximumTransferLength != uint.MaxValue)
        {
            maximum = Math.Min(maximum, configuration.MaximumTransferLength);
        }

        uint breaks = configuration.NumberOfPhysicalBreaks;
        if (breaks != uint.MaxValue)
        {
            maximum = Math.Min(maximum, Math.Max(1L, breaks) * DumpContract.PageSize);
            _maximumSegments = (int)Math.Min(breaks + 1L, int.MaxValue);
        }
        else
        {
            _maximumSegments = int.MaxValue;
        }

        bool mustBounce = false;
        if (!configuration.Dma64BitAddresses)
        {
            foreach (var range in _context.Memory.Ranges)
            {
                if (range.EndAddress > FourGiB)
                {
                    mustBounce = true;
                    break;
                }
            }
        }

        if (mustBounce)
        {
            maximum = Math.Min(maximum, BounceBuffer.Length);
        }

        maximum -= maximum % target.BlockSize;
        if (maximum < target.BlockSize || BounceBuffer.Length < target.BlockSize)
        {
            return _engine.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture,
                $"transfer limits allow less than one {target.BlockSize}-byte block (host {_context.MaximumTransferSize}, MaximumTransferLength {configuration.MaximumTransferLength}, NumberOfPhysicalBreaks {breaks}, common buffer {BounceBuffer.Length})"));
        }

        MaximumTransferSize = (int)maximum;
        return RequestResult.Succeeded;
    }

    /// <summary>Validates and splits a caller's transfer into requests within the limits, handing the caller's pages to
    /// the miniport directly (zero copy) and bouncing only what the adapter cannot address.</summary>
    private NtStatus Transfer(bool write, long diskByteOffset, Mdl? data)
    {
        string operation = write ? nameof(Write) : nameof(Read);
        if (data is null)
        {
            return Invalid($"{operation} called without an MDL.");
        }

        if (Target is not { } target)
        {
            return Fail(new RequestResult(NtStatus.DeviceNotReady, $"{_settings.LoadName}: {operation} called without a successful Open."));
        }

        int blockSize = target.BlockSize;
        long total = data.ByteCount;
        if (diskByteOffset < 0 || diskByteOffset % blockSize != 0)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} at byte offset 0x{diskByteOffset:X}: not a non-negative multiple of the {blockSize}-byte block size."));
        }

        if (total <= 0 || total % blockSize != 0)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} of {total} bytes at 0x{diskByteOffset:X}: the length is not a positive multiple of the {blockSize}-byte block size."));
        }

        if (diskByteOffset > target.Capacity || total > target.Capacity - diskByteOffset)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} of {total} bytes at 0x{diskByteOffset:X} runs past the end of the disk (0x{target.Capacity:X} bytes)."));
        }

        var segments = data.Segments;
        int segmentIndex = 0;
        uint segmentOffset = 0;
        long done = 0;
        long lba = diskByteOffset / blockSize;
        while (done < total)
        {
            long remaining = total - done;
            long limit = Math.Min(remaining, MaximumTransferSize);
            int count = 0;
            long gathered = 0;
            int index = segmentIndex;
            uint offset = segmentOffset;
            while (gathered < limit && count < _maximumSegments && index < segments.Length)
            {
                var segment = segments[index];
                uint available = segment.Length - offset;
                uint take = (uint)Math.Min(available, limit - gathered);
                ulong address = segment.Address + offset;
                if (!_engine.CanAddress(address, take))
                {
                    break;
                }

                if (count == _chunk.Length)
                {
                    Array.Resize(ref _chunk, _chunk.Length * 2);
                }

                _chunk[count++] = new PhysicalSegment(address, take);
                gathered += take;
                if (take == available)
                {
                    index++;
                    offset = 0;
                }
                else
                {
                    offset += take;
                }
            }

            long chunkBytes = gathered - (gathered % blockSize);
            RequestResult result;
            if (chunkBytes > 0)
            {
                TrimChunk(ref count, gathered - chunkBytes);
                var mdl = done == 0 && chunkBytes == total ? data : new Mdl(new ArraySegment<PhysicalSegment>(_chunk, 0, count));
                result = Issue(write, lba, chunkBytes, blockSize, mdl);
            }
            else
            {
                // Memory the adapter cannot address (above 4 GiB, misaligned) or a block split over more
                // pieces than the miniport takes: copy through the common buffer.
                long bounce = Math.Min(remaining, Math.Min(MaximumTransferSize, BounceBuffer.Length));
                chunkBytes = bounce - (bounce % blockSize);
                result = IssueBounced(write, lba, chunkBytes, blockSize, segments, segmentIndex, segmentOffset);
            }

            if (!result.IsSuccess)
            {
                return Fail(result);
            }

            if (write)
            {
                Statistics.BytesWritten += chunkBytes;
            }
            else
            {
                Statistics.BytesRead += chunkBytes;
            }

            Advance(segments, ref segmentIndex, ref segmentOffset, chunkBytes);
            done += chunkBytes;
            lba += chunkBytes / blockSize;
        }

        return NtStatus.Success;
    }

    private RequestResult Issue(bool write, long lba, long bytes, int blockSize, Mdl data)
    {
        uint blocks = (uint)(bytes / blockSize);
        int length = ScsiCommands.ReadWrite(_engine.CdbScratch, write, lba, blocks);
        _engine.PrepareScsi(_ioSrb, length, write ? SrbFlags.DataOut : SrbFlags.DataIn, data, (uint)bytes, lba);
        return _engine.Execute(_ioSrb, new RequestLabel(ScsiCommands.ReadWriteName(write, lba, blocks), lba, blocks));
    }

    private RequestResult IssueBounced(bool write, long lba, long bytes, int blockSize, ReadOnlySpan<PhysicalSegment> segments, int segmentIndex, uint segmentOffset)
    {
        var bounce = BounceBuffer;
        var memory = _context.Memory;
        if (write && !CopyThroughBounce(memory, bounce.Span, segments, segmentIndex, segmentOffset, bytes, toBounce: true, out ulong badAddress))
        {
            return new RequestResult(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: Write: the MDL describes unreadable memory at 0x{badAddress:X}."));
        }

        var result = Issue(write, lba, bytes, blockSize, Mdl.FromBuffer(bounce, (int)bytes));
        if (result.IsSuccess && !write && !CopyThroughBounce(memory, bounce.Span, segments, segmentIndex, segmentOffset, bytes, toBounce: false, out badAddress))
        {
            return new RequestResult(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: Read: the MDL describes unwritable memory at 0x{badAddress:X}."));
        }

        return result;
    }

    /// <summary>Copies <paramref name="bytes"/> of the MDL, from a segment position, into or out of the bounce buffer.</summary>
    private static bool CopyThroughBounce(IPhysicalMemory memory, Span<byte> bounce, ReadOnlySpan<PhysicalSegment> segments, int segmentIndex, uint segmentOffset, long bytes, bool toBounce, out ulong badAddress)
    {
        int position = 0;
        int index = segmentIndex;
        uint offset = segmentOffset;
        while (position < bytes)
        {
            var segment = segments[index];
            int take = (int)Math.Min(segment.Length - offset, bytes - position);
            ulong address = segment.Address + offset;
            var window = bounce.Slice(position, take);
            bool copied = toBounce ? memory.TryRead(address, window) : memory.TryWrite(address, window);
            if (!copied)
            {
                badAddress = address;
                return false;
            }

            position += take;
            index++;
            offset = 0;
        }

        badAddress = 0;
        return true;
    }

    /// <summary>Drops <paramref name="excess"/> bytes from the end of the gathered segments (to whole blocks).</summary>
    private void TrimChunk(ref int count, long excess)
    {
        while (excess > 0)
        {
            var last = _chunk[count - 1];
            if (last.Length <= excess)
            {
                excess -= last.Length;
                count--;
            }
            else
            {
                _chunk[count - 1] = last with { Length = (uint)(last.Length - excess) };
                excess = 0;
            }
        }
    }

    private static void Advance(ReadOnlySpan<PhysicalSegment> segments, ref int index, ref uint offset, long bytes)
    {
        while (bytes > 0)
        {
            uint available = segments[index].Length - offset;
            if (bytes >= available)
            {
                bytes -= available;
                index++;
                offset = 0;
            }
            else
            {
                offset += (uint)bytes;
                bytes = 0;
            }
        }
    }

    private static string AsciiField(ReadOnlySpan<byte> data, int start, int length)
    {
        if (data.Length <= start)
        {
            return string.Empty;
        }

        var field = data.Slice(start, Math.Min(length, data.Length - start));
        return Encoding.ASCII.GetString(field).Trim(' ', '\0');
    }

    private NtStatus Invalid(string message) => Fail(new RequestResult(NtStatus.InvalidParameter, $"{_settings.LoadName}: {message}"));

    /// <summary>Records a failure as LastError (which names the port) and in the log (whose source already does).</summary>
    private NtStatus Fail(RequestResult result)
    {
        string message = result.Failure ?? $"{_settings.LoadName}: failed with {result.Status}.";
        LastError = message;
        _log.Record(DumpLogLevel.Error, _settings.LoadName, WithoutLoadName(message));
        return result.Status;
    }

    private string WithoutLoadName(string? message)
    {
        string prefix = _settings.LoadName + ": ";
        return message is null ? string.Empty : message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }
}
