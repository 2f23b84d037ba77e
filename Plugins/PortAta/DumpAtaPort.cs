using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortAta;

/// <summary>
/// <c>dumpata.sys</c>: the polled ATA dump port. Open brings the channel up through the channel miniport
/// (ChannelInitialize in dump mode, IDENTIFY, IdeHwInitialize) and answers INQUIRY and READ CAPACITY from the IDENTIFY
/// data as SAT does; Write/Read translate the caller's transfers into READ/WRITE DMA, MULTIPLE or SECTORS IRBs (EXT only
/// when the LBA or count needs it), handing the dumped pages themselves to the bus master and bouncing only what a
/// 32-bit PRD cannot reach; Finish flushes the write cache and puts the disk in standby.
/// </summary>
internal sealed class DumpAtaPort : IDumpPort
{
    private const int MinimumBlockSize = 512;
    private const int MaximumBlockSize = 0x10000;
    private const ulong FourGiB = 1UL << 32;
    private const long Lba28Sectors = 1L << 28;
    private const byte DeviceLba = 0x40;
    private const byte DeviceObsolete = 0xA0;

    private readonly IAtaChannelMiniport _miniport;
    private readonly DumpStackContext _context;
    private readonly IDumpLog _log;
    private readonly AtaPortSettings _settings;
    private readonly AtaRequestEngine _engine;
    private readonly IdeRequestBlock _ioIrb = new();
    private readonly IdeRequestBlock _commandIrb = new();
    private int _maximumSegments = int.MaxValue;
    private IdeDeviceParameters? _parameters;
    private AtaIdentity? _identity;

    /// <summary>Creates the port for one stack.</summary>
    /// <param name="miniport">The <c>dump_</c> channel miniport, already bound to <paramref name="services"/>.</param>
    /// <param name="services">The ataport services this image exports.</param>
    /// <param name="context">The stack context prepared by the host.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">Load name and tunables.</param>
    public DumpAtaPort(IAtaChannelMiniport miniport, AtaPortServices services, DumpStackContext context, IDumpLog log, AtaPortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(miniport);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(settings);
        _miniport = miniport;
        _context = context;
        _log = log;
        _settings = settings;
        _engine = new AtaRequestEngine(miniport, services, context, log, settings, Statistics);
    }

    /// <inheritdoc/>
    public DumpTargetInfo? Target { get; private set; }

    /// <inheritdoc/>
    public int MaximumTransferSize { get; private set; }

    /// <inheritdoc/>
    public DumpPortStatistics Statistics { get; } = new();

    /// <inheritdoc/>
    public string? LastError { get; private set; }

    /// <summary>The common buffer that bounces data a 32-bit PRD cannot address.</summary>
    private IDmaBuffer BounceBuffer => _context.CommonBuffers[0];

    private bool UsesDma => _parameters?.UseDma ?? false;

    private byte TargetId => _context.TargetAddress.TargetId;

    /// <inheritdoc/>
    public NtStatus Open()
    {
        Target = null;
        MaximumTransferSize = 0;
        _parameters = null;
        _identity = null;
        var result = OpenChannel(out var configuration);
        if (result.IsSuccess)
        {
            result = ApplyLimits(configuration!, Target!);
        }

        if (!result.IsSuccess)
        {
            Target = null;
            return Fail(result);
        }

        var info = Target!;
        var parameters = _parameters!;
        var identity = _identity!;
        string mode = parameters.UseDma ? "bus-master DMA" : parameters.MaxBlockXfer > 0 ? $"PIO multiple ({parameters.MaxBlockXfer} sectors per block)" : "PIO";
        var address = _context.TargetAddress;
        _log.Record(DumpLogLevel.Information, _settings.LoadName, string.Create(CultureInfo.InvariantCulture,
            $"Opened {info.Vendor} {identity.Model} (serial {identity.SerialNumber}, firmware {identity.FirmwareRevision}) at channel {address.PathId} device {address.TargetId}: {info.BlockCount} sectors of {info.BlockSize} bytes, {(parameters.Lba48 ? "48-bit" : "28-bit")} addressing, {mode}, write cache {(identity.WriteCacheEnabled ? "on" : "off")}; transfers up to {MaximumTransferSize} bytes through {_engine.MiniportName} on {_context.Adapter.Model}."));
        return NtStatus.Success;
    }

    /// <inheritdoc/>
    public NtStatus Write(long diskByteOffset, Mdl data) => Transfer(write: true, diskByteOffset, data);

    /// <inheritdoc/>
    public NtStatus Read(long diskByteOffset, Mdl data) => Transfer(write: false, diskByteOffset, data);

    /// <inheritdoc/>
    public NtStatus Finish()
    {
        if (Target is null || _parameters is null || _identity is null)
        {
            return Fail(new AtaRequestResult(NtStatus.DeviceNotReady, $"{_settings.LoadName}: Finish called without a successful Open."));
        }

        if (!_identity.SupportsFlushCache && !_identity.WriteCacheEnabled)
        {
            // A device without FLUSH CACHE and without a write cache would abort the flush; there is nothing to flush.
            _log.Record(DumpLogLevel.Information, _settings.LoadName, "The device has no write cache and no FLUSH CACHE command; nothing to flush.");
            return NtStatus.Success;
        }

        bool ext = _parameters.Lba48 && _identity.SupportsFlushCacheExt;
        byte flush = ext ? (byte)0xEA : (byte)0xE7;
        PrepareCommand(_commandIrb, IrbFunction.AtaFlush, flush, ext);
        var flushed = _engine.Execute(_commandIrb, new AtaRequestLabel(AtaText.CommandName(flush)));
        if (!flushed.IsSuccess)
        {
            // The data may still sit in the device's write cache: the dump is not durable.
            return Fail(flushed);
        }

        PrepareCommand(_commandIrb, IrbFunction.AtaCommand, 0xE0, ext: false);
        var standby = _engine.Execute(_commandIrb, new AtaRequestLabel(AtaText.CommandName(0xE0)));
        if (!standby.IsSuccess)
        {
            // The cache is already flushed; a disk that will not spin down does not lose the dump.
            _log.Record(DumpLogLevel.Warning, _settings.LoadName, $"{WithoutLoadName(standby.Failure)} Ignored: the cache was flushed.");
        }

        _log.Record(DumpLogLevel.Information, _settings.LoadName, $"Device write cache flushed ({AtaText.CommandName(flush)}).");
        return NtStatus.Success;
    }

    /// <summary>ChannelInitialize (dump mode), IDENTIFY, IdeHwInitialize, then the SAT answers to INQUIRY and READ CAPACITY.</summary>
    private AtaRequestResult OpenChannel(out IdeChannelConfiguration? configuration)
    {
        configuration = null;
        var address = _context.TargetAddress;
        if (_context.CommonBuffers.Count == 0 || BounceBuffer.Length < MinimumBlockSize)
        {
            return _engine.Failure(NtStatus.InsufficientResources, "the stack context provides no usable common buffer");
        }

        if (address.TargetId > 1)
        {
            return _engine.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"target {address.TargetId} does not exist on an IDE channel (devices 0 and 1)"));
        }

        var channel = new IdeChannelConfiguration { ChannelMode = IdeOperationMode.Dump, ChannelNumber = address.PathId };
        if (!_engine.TryCall("ChannelInitialize", () => _miniport.ChannelInitialize(channel), out bool initialized, out var fault))
        {
            return fault;
        }

        if (!initialized)
        {
            return _engine.Failure(NtStatus.DeviceNotReady, "ChannelInitialize returned FALSE");
        }

        if (address.TargetId > channel.MaxTargetId)
        {
            return _engine.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"the channel serves devices up to {channel.MaxTargetId}, not {address.TargetId}"));
        }

        if (!_engine.TryCall("Identify", () => _miniport.Identify(address.TargetId), out byte[]? data, out fault))
        {
            return fault;
        }

        if (data is null)
        {
            return _engine.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"no ATA disk answered IDENTIFY DEVICE at channel {address.PathId} device {address.TargetId}"));
        }

        var identity = AtaIdentity.TryParse(data, out string? problem);
        if (identity is null)
        {
            return _engine.Failure(NtStatus.NoSuchDevice, problem!);
        }

        if (!identity.SupportsLba)
        {
            return _engine.Failure(NtStatus.NotSupported, $"{identity.Model} supports only CHS addressing (IDENTIFY word 49 bit 9 clear)");
        }

        int blockSize = identity.LogicalSectorSize;
        ulong sectors = identity.SectorCount;
        if (blockSize < MinimumBlockSize || blockSize > MaximumBlockSize || !int.IsPow2(blockSize))
        {
            return _engine.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture, $"unsupported logical sector size {blockSize} (IDENTIFY words 106, 117–118)"));
        }

        if (sectors == 0 || sectors >= (ulong)(long.MaxValue / blockSize))
        {
            return _engine.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture, $"capacity of {sectors} sectors (IDENTIFY words 60–61 / 100–103) is not usable"));
        }

        var parameters = new IdeDeviceParameters
        {
            TargetId = address.TargetId,
            Lba48 = identity.SupportsLba48,
            UseDma = identity.SupportsDma && channel.BusMaster,
            MaxBlockXfer = identity.MaximumMultiple,
            SectorCount = sectors,
            BytesPerSector = blockSize,
        };
        if (!_engine.TryCall("HwInitialize", () => _miniport.HwInitialize(parameters), out bool ready, out fault))
        {
            return fault;
        }

        if (!ready)
        {
            return _engine.Failure(NtStatus.DeviceNotReady, "HwInitialize returned FALSE");
        }

        // The miniport may only lower what the device offers.
        parameters.Lba48 &= identity.SupportsLba48;
        parameters.UseDma &= identity.SupportsDma && channel.BusMaster;
        if (parameters.MaxBlockXfer > identity.MaximumMultiple)
        {
            parameters.MaxBlockXfer = identity.MaximumMultiple;
        }

        Target = AnswerScsiProbes(identity);
        _identity = identity;
        _parameters = parameters;
        configuration = channel;
        return AtaRequestResult.Succeeded;
    }

    /// <summary>INQUIRY and READ CAPACITY(10), then (16) when (10) saturates, all built from IDENTIFY.</summary>
    private static DumpTargetInfo AnswerScsiProbes(AtaIdentity identity)
    {
        Span<byte> inquiry = stackalloc byte[SatTranslation.InquiryLength];
        SatTranslation.BuildInquiry(identity, inquiry);
        Span<byte> capacity = stackalloc byte[SatTranslation.ReadCapacity16Length];
        SatTranslation.BuildReadCapacity10(identity, capacity);
        ulong lastLba = BinaryPrimitives.ReadUInt32BigEndian(capacity);
        uint blockSize = BinaryPrimitives.ReadUInt32BigEndian(capacity[4..]);
        if (lastLba == uint.MaxValue)
        {
            SatTranslation.BuildReadCapacity16(identity, capacity);
            lastLba = BinaryPrimitives.ReadUInt64BigEndian(capacity);
            blockSize = BinaryPrimitives.ReadUInt32BigEndian(capacity[8..]);
        }

        return new DumpTargetInfo { Vendor = AsciiField(inquiry, 8, 8), Product = AsciiField(inquiry, 16, 16), Revision = AsciiField(inquiry, 32, 4), BlockCount = (long)lastLba + 1, BlockSize = (int)blockSize };
    }

    /// <summary>MaximumTransferSize = min(host limit, MaximumTransferLength, sectors per command, PRD capacity), in
    /// whole sectors.</summary>
    private AtaRequestResult ApplyLimits(IdeChannelConfiguration configuration, DumpTargetInfo target)
    {
        var parameters = _parameters!;
        long maximum = _context.MaximumTransferSize > 0 ? _context.MaximumTransferSize : DumpContract.CommonBufferSize;
        if (configuration.MaximumTransferLength > 0)
        {
            maximum = Math.Min(maximum, configuration.MaximumTransferLength);
        }

        maximum = Math.Min(maximum, (parameters.Lba48 ? 65536L : 256L) * target.BlockSize);
        _maximumSegments = int.MaxValue;
        if (parameters.UseDma)
        {
            // PRD capacity: the miniport guarantees NumberOfPhysicalBreaks + 1 pieces fit its table.
            uint breaks = Math.Max(1u, configuration.NumberOfPhysicalBreaks);
            maximum = Math.Min(maximum, (long)breaks * DumpContract.PageSize);
            _maximumSegments = (int)Math.Min(breaks + 1L, int.MaxValue);
        }

        maximum -= maximum % target.BlockSize;
        if (maximum < target.BlockSize || BounceBuffer.Length < target.BlockSize)
        {
            return _engine.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture,
                $"transfer limits allow less than one {target.BlockSize}-byte sector (host {_context.MaximumTransferSize}, MaximumTransferLength {configuration.MaximumTransferLength}, NumberOfPhysicalBreaks {configuration.NumberOfPhysicalBreaks}, common buffer {BounceBuffer.Length})"));
        }

        MaximumTransferSize = (int)maximum;
        return AtaRequestResult.Succeeded;
    }

    /// <summary>Validates and splits a caller's transfer into IRBs within the limits, handing the caller's pages to the
    /// bus master directly and bouncing only what a PRD cannot describe (above 4 GiB, odd address or length).</summary>
    private NtStatus Transfer(bool write, long diskByteOffset, Mdl? data)
    {
        string operation = write ? nameof(Write) : nameof(Read);
        if (data is null)
        {
            return Invalid($"{operation} called without an MDL.");
        }

        if (Target is not { } target || _parameters is null)
        {
            return Fail(new AtaRequestResult(NtStatus.DeviceNotReady, $"{_settings.LoadName}: {operation} called without a successful Open."));
        }

        int blockSize = target.BlockSize;
        long total = data.ByteCount;
        if (diskByteOffset < 0 || diskByteOffset % blockSize != 0)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} at byte offset 0x{diskByteOffset:X}: not a non-negative multiple of the {blockSize}-byte sector size."));
        }

        if (total <= 0 || total % blockSize != 0)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} of {total} bytes at 0x{diskByteOffset:X}: the length is not a positive multiple of the {blockSize}-byte sector size."));
        }

        if (diskByteOffset > target.Capacity || total > target.Capacity - diskByteOffset)
        {
            return Invalid(string.Create(CultureInfo.InvariantCulture, $"{operation} of {total} bytes at 0x{diskByteOffset:X} runs past the end of the disk (0x{target.Capacity:X} bytes)."));
        }

        long lba = diskByteOffset / blockSize;
        if (!_parameters.Lba48 && lba + (total / blockSize) > Lba28Sectors)
        {
            string why = _identity!.SupportsLba48 ? $"48-bit commands are turned off in {_engine.MiniportName} (lba48=false)" : "the device lacks the 48-bit feature set";
            return Fail(_engine.Failure(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture,
                $"{operation} of {total / blockSize} sectors at LBA 0x{lba:X} reaches beyond LBA 0x{Lba28Sectors - 1:X}, the end of 28-bit addressing, and {why}")));
        }

        long done = 0;
        while (done < total)
        {
            long remaining = total - done;
            long chunkBytes = DirectBytes(data, done, Math.Min(remaining, MaximumTransferSize), blockSize);
            AtaRequestResult result;
            if (chunkBytes > 0)
            {
                var mdl = done == 0 && chunkBytes == total ? data : data.Slice(done, chunkBytes);
                result = Issue(write, lba, chunkBytes, blockSize, mdl);
            }
            else
            {
                // Memory the bus master cannot address, or a sector split over more pieces than the PRD table takes:
                // copy through the common buffer.
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

    /// <summary>Whether the piece can go to the bus master as is: PRDs hold 32-bit, word-aligned addresses and even
    /// byte counts. PIO reaches any memory through the port's copy routines.</summary>
    private bool CanAddress(ulong address, uint length) =>
        !UsesDma || (((address | length) & 1) == 0 && address < FourGiB && length <= FourGiB - address);

    /// <summary>One READ/WRITE IRB: DMA, MULTIPLE or SECTORS as agreed at HwInitialize, EXT only when needed.</summary>
    private AtaRequestResult Issue(bool write, long lba, long bytes, int blockSize, Mdl data)
    {
        var parameters = _parameters!;
        uint sectors = (uint)(bytes / blockSize);
        bool ext = lba + sectors > Lba28Sectors || sectors > 256;
        bool dma = parameters.UseDma;
        bool multiple = !dma && parameters.MaxBlockXfer > 0;
        byte command = (dma, multiple, write, ext) switch
        {
            (true, _, false, false) => 0xC8,
            (true, _, false, true) => 0x25,
            (true, _, true, false) => 0xCA,
            (true, _, true, true) => 0x35,
            (false, true, false, false) => 0xC4,
            (false, true, false, true) => 0x29,
            (false, true, true, false) => 0xC5,
            (false, true, true, true) => 0x39,
            (false, false, false, false) => 0x20,
            (false, false, false, true) => 0x24,
            (false, false, true, false) => 0x30,
            (false, false, true, true) => 0x34,
        };

        var irb = _ioIrb;
        Prepare(irb, write ? IrbFunction.AtaWrite : IrbFunction.AtaRead);
        var flags = IrbFlags.DrdyRequired | (write ? IrbFlags.DataOut : IrbFlags.DataIn);
        if (dma)
        {
            flags |= IrbFlags.UseDma;
        }
        else if (multiple)
        {
            flags |= IrbFlags.PioMultiple;
        }

        if (ext)
        {
            flags |= IrbFlags.Lba48;
        }

        irb.IrbFlags = flags;
        SetAddress(irb.TaskFile, lba, sectors, ext);
        irb.TaskFile.Current.Command = command;
        irb.DataBuffer = data;
        irb.DataTransferLength = (uint)bytes;
        return _engine.Execute(irb, new AtaRequestLabel(AtaText.CommandName(command), lba, sectors));
    }

    private AtaRequestResult IssueBounced(bool write, long lba, long bytes, int blockSize, Mdl data, long dataOffset)
    {
        var bounce = BounceBuffer;
        var memory = _context.Memory;
        if (write && !data.TryCopyTo(dataOffset, memory, bounce.Span[..(int)bytes], out ulong badAddress))
        {
            return new AtaRequestResult(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: Write: the MDL describes unreadable memory at 0x{badAddress:X}."));
        }

        var result = Issue(write, lba, bytes, blockSize, Mdl.FromBuffer(bounce, (int)bytes));
        if (result.IsSuccess && !write && !data.TryCopyFrom(dataOffset, memory, bounce.Span[..(int)bytes], out badAddress))
        {
            return new AtaRequestResult(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"{_settings.LoadName}: Read: the MDL describes unwritable memory at 0x{badAddress:X}."));
        }

        return result;
    }

    /// <summary>The task file: LBA28 with LBA 27:24 in Device, or LBA48 with the high-order bytes in Previous. A count
    /// of 256 (65536 for EXT) is written as 0.</summary>
    private void SetAddress(IdeTaskFile taskFile, long lba, uint sectors, bool ext)
    {
        var current = taskFile.Current;
        var previous = taskFile.Previous;
        byte device = (byte)(DeviceObsolete | DeviceLba | (TargetId << 4));
        current.SectorCount = (byte)sectors;
        current.SectorNumber = (byte)lba;
        current.CylinderLow = (byte)(lba >> 8);
        current.CylinderHigh = (byte)(lba >> 16);
        if (ext)
        {
            previous.SectorCount = (byte)(sectors >> 8);
            previous.SectorNumber = (byte)(lba >> 24);
            previous.CylinderLow = (byte)(lba >> 32);
            previous.CylinderHigh = (byte)(lba >> 40);
            current.DriveHead = device;
        }
        else
        {
            current.DriveHead = (byte)(device | (int)((lba >> 24) & 0x0F));
        }
    }

    /// <summary>A non-data command IRB (FLUSH CACHE, STANDBY IMMEDIATE).</summary>
    private void PrepareCommand(IdeRequestBlock irb, IrbFunction function, byte command, bool ext)
    {
        Prepare(irb, function);
        irb.IrbFlags = IrbFlags.DrdyRequired | (ext ? IrbFlags.Lba48 : IrbFlags.None);
        irb.TaskFile.Current.DriveHead = (byte)(DeviceObsolete | DeviceLba | (TargetId << 4));
        irb.TaskFile.Current.Command = command;
        irb.DataBuffer = null;
        irb.DataTransferLength = 0;
    }

    /// <summary>The fields every IRB of this port shares: the saved channel/device and the timeout.</summary>
    private void Prepare(IdeRequestBlock irb, IrbFunction function)
    {
        var address = _context.TargetAddress;
        irb.Function = function;
        irb.Channel = address.PathId;
        irb.TargetId = address.TargetId;
        irb.Lun = address.Lun;
        irb.TimeOutValue = Math.Max(1, _context.RequestTimeoutSeconds);
        irb.TaskFile.Current.Clear();
        irb.TaskFile.Previous.Clear();
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
            if (!CanAddress(address, take))
            {
                break;
            }

            gathered += take;
        }

        return gathered - (gathered % blockSize);
    }

    private static string AsciiField(ReadOnlySpan<byte> data, int start, int length) =>
        Encoding.ASCII.GetString(data.Slice(start, length)).Trim(' ', '\0');

    private NtStatus Invalid(string message) => Fail(new AtaRequestResult(NtStatus.InvalidParameter, $"{_settings.LoadName}: {message}"));

    /// <summary>Records a failure as LastError (which names the port) and in the log (whose source already does).</summary>
    private NtStatus Fail(AtaRequestResult result)
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
