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

        target = new DumpTargetInfo { Vendor = vendor, Product = product, Revision = revision, BlockCount = (long)lastLba + 1, BlockSize = (int)blockSize };
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

        long done = 0;
        long lba = diskByteOffset / blockSize;
        while (done < total)
        {
            long remaining = total - done;
            long chunkBytes = DirectBytes(data, done, Math.Min(remaining, MaximumTransferSize), blockSize);
            RequestResult result;
            if (chunkBytes > 0)
            {
                var mdl = done == 0 && chunkBytes == total ? data : data.Slice(done, chunkBytes);
                result = Issue(write, lba, chunkBytes, blockSize, mdl);
            }
            else
            {
                // Memory the adapter cannot address (above 4 GiB, misaligned) or a block split over more
                // pieces than the miniport takes: copy through the common buffer.
                long bounce = Math.Min(remaining, Math.Min(MaximumTransferSize, BounceBuffer.Length));
                chunkBytes = bounce - (bounce % blockSize);
                result = IssueBounced(write, lba, chunkBytes, blockSize, data, done);
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

    private RequestResult IssueBounced(bool write, long lba, long bytes, int blockSize, Mdl data, long dataOffset)
    {
        var bounce = BounceBuffer;
        var memory = _context.Memory;
        if (write && !data.TryCopyTo(dataOffset, memory, bounce.Span[..(int)bytes], out ulong badAddress))
        {
            return new RequestResult(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: Write: the MDL describes unreadable memory at 0x{badAddress:X}."));
        }

        var result = Issue(write, lba, bytes, blockSize, Mdl.FromBuffer(bounce, (int)bytes));
        if (result.IsSuccess && !write && !data.TryCopyFrom(dataOffset, memory, bounce.Span[..(int)bytes], out badAddress))
        {
            return new RequestResult(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: Read: the MDL describes unwritable memory at 0x{badAddress:X}."));
        }

        return result;
    }

    /// <summary>How many bytes of <paramref name="data"/> from <paramref name="offset"/>, up to <paramref name="limit"/>, can go to
    /// the adapter as they are within its segment limit, rounded down to whole blocks (0: bounce them).</summary>
    private long DirectBytes(Mdl data, long offset, long limit, int blockSize)
    {
        long gathered = 0;
        for (int count = 0; gathered < limit && count < _maximumSegments; count++)
        {
            ulong address = data.GetPhysicalAddress(offset + gathered, out uint contiguous);
            uint take = (uint)Math.Min(contiguous, limit - gathered);
            if (!_engine.CanAddress(address, take))
            {
                break;
            }

            gathered += take;
        }

        return gathered - (gathered % blockSize);
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
