using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Plugins.PortCommon;

namespace DumpFramework.Plugins.PortAta;

/// <summary>
/// <c>dumpata.sys</c>: the polled ATA dump port. Open brings the channel up through the channel miniport
/// (ChannelInitialize in dump mode, IDENTIFY DEVICE as an IRB, HwInitialize) and answers INQUIRY and READ CAPACITY from the IDENTIFY
/// data as SAT does; Write/Read become READ/WRITE DMA, MULTIPLE or SECTORS IRBs (EXT only when the LBA or count needs
/// it); Flush sends FLUSH CACHE (EXT) and Finish puts the disk in standby.
/// </summary>
internal sealed class DumpAtaPort : DumpPortBase
{
    private const long Lba28Sectors = 1L << 28;
    private const byte DeviceLba = 0x40;
    private const byte DeviceObsolete = 0xA0;
    private const byte StandbyImmediate = 0xE0;
    private const byte IdentifyDeviceCommand = 0xEC;

    private readonly IAtaChannelMiniport _miniport;
    private readonly AtaRequestEngine _engine;
    private readonly IdeRequestBlock _ioIrb = new();
    private readonly IdeRequestBlock _commandIrb = new();
    private IdeDeviceParameters? _parameters;
    private AtaIdentity? _identity;

    /// <summary>Creates the port for one stack.</summary>
    /// <param name="miniport">The <c>dump_</c> channel miniport, already bound to <paramref name="services"/>.</param>
    /// <param name="services">The ataport services this image exports.</param>
    /// <param name="context">The stack context prepared by the host.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">Load name and tunables.</param>
    public DumpAtaPort(IAtaChannelMiniport miniport, AtaPortServices services, DumpStackContext context, IDumpLog log, PortSettings settings)
        : base(context, log, settings)
    {
        ArgumentNullException.ThrowIfNull(miniport);
        ArgumentNullException.ThrowIfNull(services);
        _miniport = miniport;
        _engine = new AtaRequestEngine(miniport, services, context, settings, Statistics, Diagnostics);
    }

    /// <summary>ataport's defaults, as PortAtaPlugin.cs declares them: one resubmission after BUSY, one retry of a transient error.</summary>
    public static PortSettings Defaults { get; } = PortSettings.DeclaredDefaults(typeof(DumpAtaPort).Assembly, "dumpata");

    /// <inheritdoc/>
    protected override string UnitName => "sector";

    private bool UsesDma => _parameters?.UseDma ?? false;

    private byte TargetId => Context.TargetAddress.TargetId;

    /// <summary>The common buffer that receives the IDENTIFY DEVICE data (the last one; the first bounces transfers).</summary>
    private IDmaBuffer ProbeBuffer => Context.CommonBuffers[^1];

    /// <inheritdoc/>
    protected override PortRequestResult OpenTarget(out DumpTargetInfo? target)
    {
        _parameters = null;
        _identity = null;
        var result = OpenChannel(out var configuration, out target);
        return result.IsSuccess ? ApplyLimits(configuration!, target!) : result;
    }

    /// <inheritdoc/>
    protected override string DescribeOpened(DumpTargetInfo target)
    {
        var parameters = _parameters!;
        var identity = _identity!;
        string mode = parameters.UseDma ? "bus-master DMA" : parameters.MaxBlockXfer > 0 ? $"PIO multiple ({parameters.MaxBlockXfer} sectors per block)" : "PIO";
        var address = Context.TargetAddress;
        return string.Create(CultureInfo.InvariantCulture,
            $"Opened {target.Vendor} {identity.Model} (serial {identity.SerialNumber}, firmware {identity.FirmwareRevision}) at channel {address.PathId} device {address.TargetId}: {target.BlockCount} sectors of {target.BlockSize} bytes, {(parameters.Lba48 ? "48-bit" : "28-bit")} addressing, {mode}, write cache {(identity.WriteCacheEnabled ? "on" : "off")}; transfers up to {MaximumTransferSize} bytes through {_engine.MiniportName} on {Context.Adapter.Model}.");
    }

    /// <inheritdoc/>
    protected override PortRequestResult FlushCache()
    {
        var identity = _identity!;
        if (!identity.SupportsFlushCache && !identity.WriteCacheEnabled)
        {
            // A device without FLUSH CACHE and without a write cache would abort the flush; there is nothing to flush.
            Diagnostics.Record(DumpLogLevel.Information, "The device has no write cache and no FLUSH CACHE command; nothing to flush.");
            return PortRequestResult.Succeeded;
        }

        bool ext = _parameters!.Lba48 && identity.SupportsFlushCacheExt;
        byte flush = ext ? (byte)0xEA : (byte)0xE7;
        PrepareCommand(_commandIrb, IrbFunction.AtaFlush, flush, ext);
        var flushed = _engine.Execute(_commandIrb, new PortRequestLabel(AtaText.CommandName(flush)));
        if (flushed.IsSuccess)
        {
            Diagnostics.Record(DumpLogLevel.Information, $"Device write cache flushed ({AtaText.CommandName(flush)}).");
        }

        return flushed;
    }

    /// <inheritdoc/>
    protected override PortRequestResult ShutDown()
    {
        PrepareCommand(_commandIrb, IrbFunction.AtaCommand, StandbyImmediate, ext: false);
        var standby = _engine.Execute(_commandIrb, new PortRequestLabel(AtaText.CommandName(StandbyImmediate)));
        if (!standby.IsSuccess)
        {
            // The cache is already flushed; a disk that will not spin down does not lose the dump.
            Diagnostics.Record(DumpLogLevel.Warning, $"{Diagnostics.WithoutLoadName(standby.Failure)} Ignored: the cache was flushed.");
            return PortRequestResult.Succeeded;
        }

        Diagnostics.Record(DumpLogLevel.Information, $"Dump finished: {AtaText.CommandName(StandbyImmediate)} completed.");
        return PortRequestResult.Succeeded;
    }

    /// <summary>Whether the piece can go to the bus master as is: PRDs hold 32-bit, word-aligned addresses and even
    /// byte counts. PIO reaches any memory through the port's copy routines.</summary>
    protected override bool CanAddress(ulong address, uint length) =>
        !UsesDma || (((address | length) & 1) == 0 && address < FourGiB && length <= FourGiB - address);

    /// <summary>Without 48-bit commands a transfer past 2^28 sectors cannot be addressed: refused before anything is issued.</summary>
    protected override PortRequestResult CheckTransfer(string operation, long lba, long blocks)
    {
        if (_parameters!.Lba48 || lba + blocks <= Lba28Sectors)
        {
            return PortRequestResult.Succeeded;
        }

        string why = _identity!.SupportsLba48 ? $"48-bit commands are turned off in {_engine.MiniportName} (lba48=false)" : "the device lacks the 48-bit feature set";
        return Diagnostics.Failure(NtStatus.InvalidParameter, string.Create(CultureInfo.InvariantCulture,
            $"{operation} of {blocks} sectors at LBA 0x{lba:X} reaches beyond LBA 0x{Lba28Sectors - 1:X}, the end of 28-bit addressing, and {why}"));
    }

    /// <summary>ChannelInitialize (dump mode), IDENTIFY DEVICE, HwInitialize, then the SAT answers to INQUIRY and READ CAPACITY.</summary>
    private PortRequestResult OpenChannel(out IdeChannelConfiguration? configuration, out DumpTargetInfo? target)
    {
        configuration = null;
        target = null;
        var address = Context.TargetAddress;
        if (address.TargetId > 1)
        {
            return Diagnostics.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"target {address.TargetId} does not exist on an IDE channel (devices 0 and 1)"));
        }

        var channel = new IdeChannelConfiguration { ChannelMode = IdeOperationMode.Dump, ChannelNumber = address.PathId };
        if (!_engine.TryCall("ChannelInitialize", () => _miniport.ChannelInitialize(channel), out bool initialized, out var fault))
        {
            return fault;
        }

        if (!initialized)
        {
            return Diagnostics.Failure(NtStatus.DeviceNotReady, "ChannelInitialize returned FALSE");
        }

        // The port's caps over what the miniport reported (maximum_transfer_length, number_of_physical_breaks).
        uint transfer = Settings.CapTransferLength(channel.MaximumTransferLength == 0 ? uint.MaxValue : channel.MaximumTransferLength);
        uint breaks = Settings.CapPhysicalBreaks(channel.NumberOfPhysicalBreaks);
        if ((transfer != uint.MaxValue && transfer != channel.MaximumTransferLength) || breaks != channel.NumberOfPhysicalBreaks)
        {
            Diagnostics.Record(DumpLogLevel.Information, string.Create(CultureInfo.InvariantCulture,
                $"Limits capped by the port's settings: MaximumTransferLength {channel.MaximumTransferLength} -> {transfer}, NumberOfPhysicalBreaks {channel.NumberOfPhysicalBreaks} -> {breaks}."));
            channel.MaximumTransferLength = transfer;
            channel.NumberOfPhysicalBreaks = breaks;
        }

        if (address.TargetId > channel.MaxTargetId)
        {
            return Diagnostics.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"the channel serves devices up to {channel.MaxTargetId}, not {address.TargetId}"));
        }

        var identified = IdentifyDevice(out var data);
        if (!identified.IsSuccess)
        {
            return identified;
        }

        var identity = AtaIdentity.TryParse(data, out string? problem);
        if (identity is null)
        {
            return Diagnostics.Failure(NtStatus.NoSuchDevice, problem!);
        }

        if (!identity.SupportsLba)
        {
            return Diagnostics.Failure(NtStatus.NotSupported, $"{identity.Model} supports only CHS addressing (IDENTIFY word 49 bit 9 clear)");
        }

        int blockSize = identity.LogicalSectorSize;
        ulong sectors = identity.SectorCount;
        if (blockSize < MinimumBlockSize || blockSize > MaximumBlockSize || !int.IsPow2(blockSize))
        {
            return Diagnostics.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture, $"unsupported logical sector size {blockSize} (IDENTIFY words 106, 117–118)"));
        }

        if (sectors == 0 || sectors >= (ulong)(long.MaxValue / blockSize))
        {
            return Diagnostics.Failure(NtStatus.NotSupported, string.Create(CultureInfo.InvariantCulture, $"capacity of {sectors} sectors (IDENTIFY words 60–61 / 100–103) is not usable"));
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
            return Diagnostics.Failure(NtStatus.DeviceNotReady, "HwInitialize returned FALSE");
        }

        // The miniport may only lower what the device offers.
        parameters.Lba48 &= identity.SupportsLba48;
        parameters.UseDma &= identity.SupportsDma && channel.BusMaster;
        if (parameters.MaxBlockXfer > identity.MaximumMultiple)
        {
            parameters.MaxBlockXfer = identity.MaximumMultiple;
        }

        target = AnswerScsiProbes(identity);
        _identity = identity;
        _parameters = parameters;
        configuration = channel;
        return PortRequestResult.Succeeded;
    }

    /// <summary>IDENTIFY DEVICE as an IRB (IRB_FUNCTION_ATA_IDENTIFY, PIO data-in), as ataport enumerates a device after
    /// the channel reset: the one route by which the port learns the disk. The miniport answers a position without a
    /// device (no signature after the reset) with IRB_STATUS_SELECTION_TIMEOUT.</summary>
    private PortRequestResult IdentifyDevice(out byte[]? data)
    {
        data = null;
        var buffer = ProbeBuffer;
        if (buffer.Length < AtaIdentity.Length)
        {
            return Diagnostics.Failure(NtStatus.InsufficientResources, "the stack context provides no common buffer for the IDENTIFY DEVICE data");
        }

        buffer.Span[..AtaIdentity.Length].Clear();
        PrepareCommand(_commandIrb, IrbFunction.AtaIdentify, IdentifyDeviceCommand, ext: false);
        _commandIrb.IrbFlags |= IrbFlags.DataIn;
        _commandIrb.DataBuffer = Mdl.FromBuffer(buffer, AtaIdentity.Length);
        _commandIrb.DataTransferLength = AtaIdentity.Length;
        var address = Context.TargetAddress;
        var result = _engine.Execute(_commandIrb, new PortRequestLabel(AtaText.CommandName(IdentifyDeviceCommand)));
        if (result.Status == NtStatus.NoSuchDevice)
        {
            return Diagnostics.Failure(NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture,
                $"no ATA disk answered IDENTIFY DEVICE at channel {address.PathId} device {address.TargetId} (no device signature after the channel reset)"));
        }

        if (!result.IsSuccess)
        {
            return result;
        }

        if (_commandIrb.DataTransferLength < AtaIdentity.Length)
        {
            return Diagnostics.Failure(NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture,
                $"IDENTIFY DEVICE returned {_commandIrb.DataTransferLength} of {AtaIdentity.Length} bytes"));
        }

        // Open runs before crash mode: the copy may allocate.
        data = buffer.Span[..AtaIdentity.Length].ToArray();
        return PortRequestResult.Succeeded;
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
    private PortRequestResult ApplyLimits(IdeChannelConfiguration configuration, DumpTargetInfo target)
    {
        var parameters = _parameters!;
        long maximum = (parameters.Lba48 ? 65536L : 256L) * target.BlockSize;
        if (configuration.MaximumTransferLength > 0)
        {
            maximum = Math.Min(maximum, configuration.MaximumTransferLength);
        }

        MaximumSegments = int.MaxValue;
        if (parameters.UseDma)
        {
            // PRD capacity: the miniport guarantees NumberOfPhysicalBreaks + 1 pieces fit its table.
            uint breaks = Math.Max(1u, configuration.NumberOfPhysicalBreaks);
            maximum = Math.Min(maximum, (long)breaks * DumpContract.PageSize);
            MaximumSegments = (int)Math.Min(breaks + 1L, int.MaxValue);
        }

        return ApplyTransferLimit(maximum, target.BlockSize, string.Create(CultureInfo.InvariantCulture,
            $"MaximumTransferLength {configuration.MaximumTransferLength}, NumberOfPhysicalBreaks {configuration.NumberOfPhysicalBreaks}"));
    }

    /// <summary>One READ/WRITE IRB: DMA, MULTIPLE or SECTORS as agreed at HwInitialize, EXT only when needed.</summary>
    protected override PortRequestResult Issue(bool write, long lba, long bytes, int blockSize, Mdl data)
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
        return _engine.Execute(irb, new PortRequestLabel(AtaText.CommandName(command), lba, sectors));
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
        var address = Context.TargetAddress;
        (irb.Function, irb.TimeOutValue) = (function, _engine.RequestTimeOutSeconds);
        (irb.Channel, irb.TargetId, irb.Lun) = (address.PathId, address.TargetId, address.Lun);
        irb.TaskFile.Current.Clear();
        irb.TaskFile.Previous.Clear();
    }
}
