using System.Buffers.Binary;
using System.Globalization;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.MiniportPvscsi;

/// <summary>
/// The polled PVSCSI miniport of <c>pvscsi.sys</c> as its <c>dump_pvscsi</c> copy runs it: everything through
/// BAR0 and one uncached extension (rings-state page, one-page request ring of 32 descriptors, one-page completion
/// ring of 128 entries, a 512-element SG list and a sense buffer). One request is outstanding at a time, as the
/// dump port drives it; completion is found by polling INTR_STATUS and the completion ring.
/// </summary>
/// <remarks>
/// The contract's entry points, in the order the dump port calls them:
/// <list type="number">
/// <item><see cref="InitializationData"/> (HW_INITIALIZATION_DATA): what the port must give the driver.</item>
/// <item><see cref="HwFindAdapter"/>: claim the controller, map registers, get the uncached extension.</item>
/// <item><see cref="HwInitialize"/>: reset the controller and hand it the rings.</item>
/// <item><see cref="HwStartIo"/>: start one SRB.</item>
/// <item><see cref="HwInterrupt"/> (polled by the port): complete finished SRBs.</item>
/// <item><see cref="HwResetBus"/>.</item>
/// </list>
/// It links against storport, as pvscsi.sys does: the dump port binds as <c>dump_storport</c>, calls HwBuildIo before
/// HwStartIo and needs only RequestComplete (NextRequest, still signalled, is harmless there).
/// </remarks>
internal sealed class PvscsiMiniport : IScsiMiniport
{
    private const int RingsStateOffset = 0x0000;
    private const int RequestRingOffset = 0x1000;
    private const int CompletionRingOffset = 0x2000;
    private const int SgListOffset = 0x3000;
    private const int SenseOffset = 0x5000;
    private const int SenseCapacity = 256;
    private const int ExtensionLength = 0x6000;

    /// <summary>Bytes asked of the port: the layout plus a page, because the dump port's extension is not page aligned
    /// and rings are handed to the device by page number (pvscsi.sys aligns its rings inside the extension the same way).</summary>
    private const int ExtensionRequest = ExtensionLength + PvscsiHeader.PageSize;

    private const int RequestEntries = PvscsiHeader.PageSize / PvscsiHeader.RequestLength;
    private const int CompletionEntries = PvscsiHeader.PageSize / PvscsiHeader.CompletionLength;
    private const int SgCapacity = 2 * PvscsiHeader.PageSize / PvscsiHeader.SgElementLength;


    /// <summary>The port splits requests at NumberOfPhysicalBreaks + 1 segments; a segment of any length and
    /// alignment becomes at most (length / page) + 2 page-bounded SG elements, so 512 KiB over 128 segments needs
    /// at most 128 + 256 of the 512 elements.</summary>
    private const uint MaximumTransferLength = 512 * 1024;
    private const uint PhysicalBreaks = 127;

    private readonly IStorPortServices _port;
    private readonly string _name;
    private IRegisterSpace? _registers;
    private ExtensionWindow? _extension;
    private bool _initialized;
    private ScsiRequestBlock? _outstanding;
    private uint _outstandingContext;
    private uint _nextContext = 1;

    /// <summary>Creates the miniport (its DriverEntry).</summary>
    /// <param name="port">The storport services of the dump port it links against.</param>
    /// <param name="configuration">Its load name and settings.</param>
    public PvscsiMiniport(IStorPortServices port, DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(configuration);
        _port = port;
        _name = configuration.LoadName;
    }

    /// <inheritdoc/>
    public HwInitializationData InitializationData { get; } = new()
    {
        NumberOfAccessRanges = 1,
        SrbExtensionSize = 0,
        UncachedExtensionSize = ExtensionRequest,
        NeedPhysicalAddresses = true,
        MapBuffers = StorMapBuffers.NoBuffers,
        AutoRequestSense = true,
        TaggedQueuing = false,
        MultipleRequestPerLu = false,
    };

    /// <inheritdoc/>
    public SpReturn HwFindAdapter(PortConfiguration configuration, string argumentString, out bool again)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        again = false;
        if (configuration.Pci.VendorId != PvscsiHeader.VendorVmware || configuration.Pci.DeviceId != PvscsiHeader.DevicePvscsi)
        {
            return SpReturn.NotFound;
        }

        // Only the polled dump path exists in this driver: no interrupt service, no timers.
        if (argumentString is null || !argumentString.Contains(DumpContract.DumpArgumentString, StringComparison.OrdinalIgnoreCase))
        {
            Log(StorPortErrorCode.InternalAdapterError, $"find-adapter without '{DumpContract.DumpArgumentString}': only the crash dump and hibernation path is supported");
            return SpReturn.BadConfig;
        }

        AccessRange? bar = null;
        foreach (var range in configuration.AccessRanges)
        {
            if (range.RangeInMemory && range.RangeLength >= PvscsiHeader.BarLength)
            {
                bar = range;
                break;
            }
        }

        if (bar is not { } registers)
        {
            Log(StorPortErrorCode.InternalAdapterError, "no 32 KiB memory access range (BAR0) in the configuration");
            return SpReturn.BadConfig;
        }

        _registers = _port.GetDeviceBase(registers);
        _initialized = false;
        _outstanding = null;

        configuration.MaximumTransferLength = MaximumTransferLength;
        configuration.NumberOfPhysicalBreaks = PhysicalBreaks;
        configuration.AlignmentMask = 0;
        configuration.NumberOfBuses = 1;
        configuration.ScatterGather = true;
        configuration.Master = true;
        configuration.Dma64BitAddresses = true;
        configuration.MaximumNumberOfTargets = ProbeMaximumTargets(_registers);

        var extension = _port.GetUncachedExtension(configuration, ExtensionRequest);
        if (extension is null || extension.Length < ExtensionRequest)
        {
            Log(StorPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"no {ExtensionRequest}-byte uncached extension for the rings"));
            _extension = null;
            return SpReturn.Error;
        }

        // Rings are handed to the device by page frame number: the layout starts at the first page boundary inside.
        int skew = (int)((PvscsiHeader.PageSize - (extension.PhysicalAddress & (PvscsiHeader.PageSize - 1))) & (PvscsiHeader.PageSize - 1));
        _extension = new ExtensionWindow(extension, skew, ExtensionLength);

        return SpReturn.Found;
    }

    /// <inheritdoc/>
    public bool HwInitialize()
    {
        if (_registers is not { } registers || _extension is not { } extension)
        {
            return false;
        }

        // Whatever was outstanding before (a re-initialization after a timeout) is abandoned by the port; the reset
        // ends it at the device and SETUP_RINGS discards its completion.
        _initialized = false;
        _outstanding = null;

        uint status = IssueCommand(registers, PvscsiHeader.CommandAdapterReset, []);
        if (status != 0)
        {
            Log(StorPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"ADAPTER_RESET failed with status 0x{status:X8}"));
            return false;
        }

        var memory = extension.Span[..ExtensionLength];
        memory.Clear();
        ulong basePage = extension.PhysicalAddress >> PvscsiHeader.PageShift;
        Span<uint> setup = stackalloc uint[PvscsiHeader.SetupRingsDwords];
        setup.Clear();
        setup[0] = 1;
        setup[1] = 1;
        SetPpn(setup, PvscsiHeader.SetupRingsStatePpnDword, basePage + (RingsStateOffset >> PvscsiHeader.PageShift));
        SetPpn(setup, PvscsiHeader.SetupRequestPpnDword, basePage + (RequestRingOffset >> PvscsiHeader.PageShift));
        SetPpn(setup, PvscsiHeader.SetupCompletionPpnDword, basePage + (CompletionRingOffset >> PvscsiHeader.PageShift));
        status = IssueCommand(registers, PvscsiHeader.CommandSetupRings, setup);
        if (status != 0)
        {
            Log(StorPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"SETUP_RINGS failed with status 0x{status:X8}"));
            return false;
        }

        uint requestLog2 = ReadState(PvscsiHeader.StateRequestEntriesLog2);
        uint completionLog2 = ReadState(PvscsiHeader.StateCompletionEntriesLog2);
        if (1u << (int)(requestLog2 & 31) != RequestEntries || 1u << (int)(completionLog2 & 31) != CompletionEntries)
        {
            Log(StorPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"SETUP_RINGS reported ring sizes 2^{requestLog2} and 2^{completionLog2}, not {RequestEntries} and {CompletionEntries}"));
            return false;
        }

        // Polled: no interrupt is enabled; the status bits still latch for the poll loop. Clear what is stale.
        registers.Write32(PvscsiHeader.RegisterInterruptMask, 0);
        uint stale = registers.Read32(PvscsiHeader.RegisterInterruptStatus);
        if (stale != 0)
        {
            registers.Write32(PvscsiHeader.RegisterInterruptStatus, stale);
        }

        _initialized = true;
        return true;
    }

    /// <inheritdoc/>
    public bool HwStartIo(ScsiRequestBlock srb)
    {
        ArgumentNullException.ThrowIfNull(srb);
        switch (srb.Function)
        {
            case SrbFunction.ExecuteScsi:
                break;
            case SrbFunction.Shutdown:
            case SrbFunction.Flush:
                // The adapter has no cache of its own; the disk's cache is flushed by SYNCHRONIZE CACHE.
                return Finish(srb, SrbStatus.Success);
            default:
                return Finish(srb, SrbStatus.InvalidRequest);
        }

        if (!_initialized || _registers is not { } registers || _extension is not { } extension)
        {
            return Finish(srb, SrbStatus.NoHba);
        }

        if (_outstanding is not null)
        {
            return Finish(srb, SrbStatus.Busy);
        }

        if (srb.PathId != 0)
        {
            return Finish(srb, SrbStatus.InvalidPathId);
        }

        var memory = extension.Span;
        uint producer = ReadState(PvscsiHeader.StateRequestProducer);
        if (producer - ReadState(PvscsiHeader.StateCompletionConsumer) >= RequestEntries)
        {
            return Finish(srb, SrbStatus.Busy);
        }

        var descriptor = memory.Slice(RequestRingOffset + ((int)(producer & (RequestEntries - 1)) * PvscsiHeader.RequestLength), PvscsiHeader.RequestLength);
        descriptor.Clear();
        uint flags = DirectionFlags(srb, out uint length);
        if (length > 0 && !MapData(srb, length, descriptor, ref flags))
        {
            return Finish(srb, SrbStatus.InvalidRequest);
        }

        uint context = _nextContext;
        _nextContext = _nextContext == uint.MaxValue ? 1 : _nextContext + 1;
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[PvscsiHeader.RequestContext..], context);
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[PvscsiHeader.RequestDataLength..], length);
        if ((srb.SrbFlags & SrbFlags.DisableAutosense) == 0 && srb.SenseInfoBuffer is not null && srb.SenseInfoBufferLength > 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(descriptor[PvscsiHeader.RequestSenseAddress..], extension.PhysicalAddress + SenseOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor[PvscsiHeader.RequestSenseLength..], Math.Min(srb.SenseInfoBufferLength, (uint)SenseCapacity));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(descriptor[PvscsiHeader.RequestFlags..], flags);
        srb.Cdb.CopyTo(descriptor[PvscsiHeader.RequestCdb..]);
        descriptor[PvscsiHeader.RequestCdbLength] = srb.CdbLength;
        descriptor[PvscsiHeader.RequestLun + 1] = srb.Lun;
        descriptor[PvscsiHeader.RequestTag] = PvscsiHeader.SimpleQueueTag;
        descriptor[PvscsiHeader.RequestBus] = srb.PathId;
        descriptor[PvscsiHeader.RequestTarget] = srb.TargetId;

        _outstanding = srb;
        _outstandingContext = context;

        // The descriptor is complete before the producer index publishes it; then the kick.
        BinaryPrimitives.WriteUInt32LittleEndian(memory[(RingsStateOffset + PvscsiHeader.StateRequestProducer)..], producer + 1);
        registers.Write32(IsReadWrite(srb.Cdb) ? PvscsiHeader.RegisterKickRwIo : PvscsiHeader.RegisterKickNonRwIo, 0);
        return true;
    }

    /// <inheritdoc/>
    public bool HwInterrupt()
    {
        if (!_initialized || _registers is not { } registers)
        {
            return false;
        }

        uint status = registers.Read32(PvscsiHeader.RegisterInterruptStatus);
        if ((status & PvscsiHeader.InterruptAll) == 0)
        {
            return false;
        }

        registers.Write32(PvscsiHeader.RegisterInterruptStatus, status);
        if ((status & (PvscsiHeader.InterruptCompletion0 | PvscsiHeader.InterruptCompletion1)) != 0)
        {
            DrainCompletions();
        }

        return true;
    }

    /// <inheritdoc/>
    /// <remarks>This driver only runs in the dump stack (find-adapter refuses otherwise), where bus resets are ignored.</remarks>
    public bool HwResetBus(byte pathId) => true;

    /// <summary>GET_MAX_TARGETS, or the FreeBSD driver's assumption of 16 when the device does not support it.</summary>
    private static byte ProbeMaximumTargets(IRegisterSpace registers)
    {
        uint status = IssueCommand(registers, PvscsiHeader.CommandGetMaxTargets, []);
        return status is 0 or > byte.MaxValue ? PvscsiHeader.DefaultMaximumTargets : (byte)status;
    }

    private static uint IssueCommand(IRegisterSpace registers, uint command, ReadOnlySpan<uint> descriptor)
    {
        registers.Write32(PvscsiHeader.RegisterCommand, command);
        foreach (uint word in descriptor)
        {
            registers.Write32(PvscsiHeader.RegisterCommandData, word);
        }

        return registers.Read32(PvscsiHeader.RegisterCommandStatus);
    }

    private static void SetPpn(Span<uint> setup, int dword, ulong ppn)
    {
        setup[dword] = (uint)ppn;
        setup[dword + 1] = (uint)(ppn >> 32);
    }

    /// <summary>PVSCSI direction flags from the SRB; no data (or no buffer) is DIR_NONE with length 0, and an
    /// unspecified direction is left to the device, which takes it from the CDB.</summary>
    private static uint DirectionFlags(ScsiRequestBlock srb, out uint length)
    {
        length = srb.DataBuffer is null ? 0 : srb.DataTransferLength;
        bool dataIn = srb.IsDataIn;
        bool dataOut = srb.IsDataOut;
        if (length == 0 || (!dataIn && !dataOut))
        {
            length = 0;
            return PvscsiHeader.FlagDirectionNone;
        }

        return dataIn && dataOut ? 0 : dataIn ? PvscsiHeader.FlagDirectionToHost : PvscsiHeader.FlagDirectionToDevice;
    }

    /// <summary>One physically contiguous buffer goes straight into dataAddr; anything else becomes an SG list of
    /// page-bounded elements (the device refuses an element that crosses a page).</summary>
    private bool MapData(ScsiRequestBlock srb, uint length, Span<byte> descriptor, ref uint flags)
    {
        if (srb.DataBuffer is not { } data || data.ByteCount < length)
        {
            Log(StorPortErrorCode.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"SRB asks for {length} bytes but its buffer holds {srb.DataBuffer?.ByteCount ?? 0}"), srb);
            return false;
        }

        ulong first = _port.GetPhysicalAddress(srb, 0, out uint contiguous);
        if (contiguous >= length)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(descriptor[PvscsiHeader.RequestDataAddress..], first);
            return true;
        }

        var list = _extension!.Span.Slice(SgListOffset, SgCapacity * PvscsiHeader.SgElementLength);
        int count = 0;
        long offset = 0;
        ulong address = first;
        while (offset < length)
        {
            if (offset > 0)
            {
                address = _port.GetPhysicalAddress(srb, offset, out contiguous);
            }

            uint run = (uint)Math.Min(contiguous, length - offset);
            while (run > 0)
            {
                if (count == SgCapacity)
                {
                    Log(StorPortErrorCode.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"a {length}-byte SRB needs more than {SgCapacity} page-bounded SG elements"), srb);
                    return false;
                }

                uint piece = Math.Min(run, PvscsiHeader.PageSize - (uint)(address & (PvscsiHeader.PageSize - 1)));
                var element = list.Slice(count * PvscsiHeader.SgElementLength, PvscsiHeader.SgElementLength);
                BinaryPrimitives.WriteUInt64LittleEndian(element, address);
                BinaryPrimitives.WriteUInt32LittleEndian(element[8..], piece);
                BinaryPrimitives.WriteUInt32LittleEndian(element[12..], 0);
                count++;
                address += piece;
                run -= piece;
                offset += piece;
            }
        }

        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[PvscsiHeader.RequestDataAddress..], _extension.PhysicalAddress + SgListOffset);
        flags |= PvscsiHeader.FlagWithSgList;
        return true;
    }

    /// <summary>Consumes the completion ring up to cmpProdIdx (at most one ring's worth per call).</summary>
    private void DrainCompletions()
    {
        var memory = _extension!.Span;
        uint consumer = ReadState(PvscsiHeader.StateCompletionConsumer);
        uint producer = ReadState(PvscsiHeader.StateCompletionProducer);
        for (int budget = CompletionEntries; consumer != producer && budget > 0; budget--)
        {
            var entry = memory.Slice(CompletionRingOffset + ((int)(consumer & (CompletionEntries - 1)) * PvscsiHeader.CompletionLength), PvscsiHeader.CompletionLength);
            ulong context = BinaryPrimitives.ReadUInt64LittleEndian(entry[PvscsiHeader.CompletionContext..]);
            ulong dataLength = BinaryPrimitives.ReadUInt64LittleEndian(entry[PvscsiHeader.CompletionDataLength..]);
            uint senseLength = BinaryPrimitives.ReadUInt32LittleEndian(entry[PvscsiHeader.CompletionSenseLength..]);
            ushort hostStatus = BinaryPrimitives.ReadUInt16LittleEndian(entry[PvscsiHeader.CompletionHostStatus..]);
            ushort scsiStatus = BinaryPrimitives.ReadUInt16LittleEndian(entry[PvscsiHeader.CompletionScsiStatus..]);
            consumer++;
            BinaryPrimitives.WriteUInt32LittleEndian(memory[(RingsStateOffset + PvscsiHeader.StateCompletionConsumer)..], consumer);
            CompleteRequest(context, dataLength, senseLength, hostStatus, scsiStatus);
        }
    }

    private void CompleteRequest(ulong context, ulong dataLength, uint senseLength, ushort hostStatus, ushort scsiStatus)
    {
        if (_outstanding is not { } srb || context != _outstandingContext)
        {
            Log(StorPortErrorCode.ProtocolError, string.Create(CultureInfo.InvariantCulture, $"completion for context 0x{context:X} (hostStatus 0x{hostStatus:X2}), which is not outstanding; ignored"));
            return;
        }

        _outstanding = null;
        uint requested = srb.DataTransferLength;
        uint transferred = (uint)Math.Min(dataLength, requested);
        srb.ScsiStatus = (ScsiStatus)(byte)scsiStatus;
        SrbStatus status;
        switch (hostStatus)
        {
            case PvscsiHeader.HostSuccess:
            case PvscsiHeader.HostLinkedCommandCompleted:
            case PvscsiHeader.HostLinkedCommandCompletedWithFlag:
                status = MapScsiStatus(srb, transferred, senseLength);
                break;
            case PvscsiHeader.HostDataUnderrun:
            case PvscsiHeader.HostDataRun:
                srb.DataTransferLength = transferred;
                status = SrbStatus.DataOverrun;
                break;
            case PvscsiHeader.HostSelectionTimeout:
                status = SrbStatus.SelectionTimeout;
                break;
            case PvscsiHeader.HostBusReset:
                status = SrbStatus.BusReset;
                break;
            default:
                Log(StorPortErrorCode.InternalAdapterError, string.Create(CultureInfo.InvariantCulture, $"the adapter ended the request with hostStatus 0x{hostStatus:X2}"), srb);
                status = SrbStatus.Error;
                break;
        }

        srb.SrbStatus = status;
        _port.Notification(ScsiNotificationType.RequestComplete, srb);
        _port.Notification(ScsiNotificationType.NextRequest);
    }

    /// <summary>The adapter delivered the command: GOOD (maybe short, reported the Windows way as DATA_OVERRUN with
    /// the length lowered), CHECK CONDITION with autosense, or another SCSI status as ERROR.</summary>
    private SrbStatus MapScsiStatus(ScsiRequestBlock srb, uint transferred, uint senseLength)
    {
        uint requested = srb.DataTransferLength;
        if (srb.ScsiStatus == ScsiStatus.Good)
        {
            if (transferred < requested)
            {
                srb.DataTransferLength = transferred;
                return SrbStatus.DataOverrun;
            }

            return SrbStatus.Success;
        }

        if (transferred < requested)
        {
            srb.DataTransferLength = transferred;
        }

        return srb.ScsiStatus == ScsiStatus.CheckCondition && CopySense(srb, senseLength)
            ? SrbStatus.Error.With(SrbStatus.AutosenseValid)
            : SrbStatus.Error;
    }

    private bool CopySense(ScsiRequestBlock srb, uint senseLength)
    {
        if (senseLength == 0 || srb.SenseInfoBuffer is not { } buffer || srb.SenseInfoBufferLength == 0 || (srb.SrbFlags & SrbFlags.DisableAutosense) != 0)
        {
            return false;
        }

        int count = (int)Math.Min(Math.Min(senseLength, (uint)SenseCapacity), Math.Min((uint)srb.SenseInfoBufferLength, (uint)buffer.Length));
        _extension!.Span.Slice(SenseOffset, count).CopyTo(buffer.Span);
        srb.SenseInfoBufferLength = (byte)count;
        return true;
    }

    private bool Finish(ScsiRequestBlock srb, SrbStatus status)
    {
        srb.SrbStatus = status;
        _port.Notification(ScsiNotificationType.RequestComplete, srb);
        _port.Notification(ScsiNotificationType.NextRequest);
        return true;
    }

    private uint ReadState(int field) => BinaryPrimitives.ReadUInt32LittleEndian(_extension!.Span[(RingsStateOffset + field)..]);

    private void Log(uint code, string message, ScsiRequestBlock? srb = null) => _port.LogError(srb, code, $"{_name}: {message}");

    /// <summary>READ/WRITE(6/10/12/16) go to KICK_RW_IO, everything else to KICK_NON_RW_IO.</summary>
    private static bool IsReadWrite(ReadOnlySpan<byte> cdb) => cdb.Length > 0 && cdb[0] is 0x08 or 0x0A or 0x28 or 0x2A or 0xA8 or 0xAA or 0x88 or 0x8A;

    /// <summary>The page-aligned part of the uncached extension the rings, SG list and sense buffer are laid out in.</summary>
    /// <param name="extension">The extension the port handed out.</param>
    /// <param name="offset">Bytes to the first page boundary in it.</param>
    /// <param name="length">Bytes of the layout.</param>
    private sealed class ExtensionWindow(IDmaBuffer extension, int offset, int length) : IDmaBuffer
    {
        public ulong PhysicalAddress => extension.PhysicalAddress + (ulong)offset;

        public int Length => length;

        public Span<byte> Span => extension.Span.Slice(offset, length);
    }
}
