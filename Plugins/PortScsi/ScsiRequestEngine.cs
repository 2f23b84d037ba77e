using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Plugins.PortCommon;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>
/// The SCSI side of the polled engine: brings the adapter up through the miniport (HwFindAdapter with <c>dump=1</c>,
/// HwInitialize), fills SRBs for the saved target, reads an SRB's completion (SRB status, SCSI status, sense data from
/// autosense or the port's own REQUEST SENSE) and, after a hang, resets the bus and re-initializes the adapter.
/// </summary>
internal sealed class ScsiRequestEngine : PolledRequestEngine<ScsiRequestBlock>
{
    /// <summary>Bytes allocated for the sense buffer (SENSE_BUFFER_SIZE_EX); the SRB offers the first 18.</summary>
    private const int SenseAllocation = 256;

    /// <summary>The largest RequestedDumpBufferSize the port provides: the bench's bound on dump-time DMA memory.</summary>
    private const uint MaximumDumpBufferSize = 1 << 20;

    private readonly IScsiMiniport _miniport;
    private readonly DumpPortServices _services;
    private readonly IDmaAllocator _allocator;
    private readonly bool _waitForNextRequest;
    private readonly ScsiRequestBlock _senseSrb = new();
    private readonly ScsiSupportedControlTypeList _controlTypes = new();
    private bool _controlTypesQueried;
    private readonly RequestDataView _ioView;
    private readonly RequestDataView _senseView;
    private StorMapBuffers _mapBuffers;
    private uint? _senseInformation;
    private readonly byte[] _cdb = new byte[ScsiCommands.MaximumLength];
    private IDmaBuffer? _senseBuffer;
    private IDmaBuffer? _srbExtension;
    private IDmaBuffer? _dumpRegion;
    private Mdl? _senseMdl;

    /// <summary>Creates the engine.</summary>
    /// <param name="miniport">The miniport driven.</param>
    /// <param name="services">The port services the miniport calls back into.</param>
    /// <param name="context">The stack context.</param>
    /// <param name="allocator">DMA memory, used once at open.</param>
    /// <param name="settings">The port's settings.</param>
    /// <param name="binding">The interface the port is bound as: scsiport waits for NextRequest after RequestComplete.</param>
    /// <param name="statistics">The counters to keep.</param>
    /// <param name="diagnostics">Log and failure wording.</param>
    public ScsiRequestEngine(IScsiMiniport miniport, DumpPortServices services, DumpStackContext context, IDmaAllocator allocator, PortSettings settings, PortInterface binding, DumpPortStatistics statistics, PortDiagnostics diagnostics)
        : base(context, settings, statistics, diagnostics)
    {
        _miniport = miniport;
        _services = services;
        _allocator = allocator;
        _waitForNextRequest = binding == PortInterface.ScsiPort;
        // Two views, made once: the port's own requests and its REQUEST SENSE (nothing allocates in crash mode).
        _ioView = new RequestDataView(context.Memory);
        _senseView = new RequestDataView(context.Memory);
    }

    /// <summary>The configuration of the last successful find-adapter call.</summary>
    public PortConfiguration? Configuration { get; private set; }

    /// <summary>The CDB scratch the builders of <see cref="ScsiCommands"/> write into before <see cref="PrepareScsi"/>.</summary>
    public Span<byte> CdbScratch => _cdb;

    /// <inheritdoc/>
    public override bool HoldSubmission => false;

    /// <inheritdoc/>
    public override bool IsComplete => _services.CurrentRequestCompleted && (!_waitForNextRequest || _services.ReadyForNextRequest);

    /// <inheritdoc/>
    protected override string RecoveryDone => "the adapter was re-initialized";

    /// <summary>Whether the adapter (as configured by its miniport) can reach the range directly, without bouncing.</summary>
    /// <param name="address">First byte.</param>
    /// <param name="length">Length in bytes.</param>
    /// <returns><see langword="true"/> when the miniport may be handed the memory itself.</returns>
    public bool CanAddress(ulong address, ulong length)
    {
        var configuration = Configuration;
        return configuration is not null
            && (configuration.Dma64BitAddresses || (address < (1UL << 32) && length <= (1UL << 32) - address))
            && (address & configuration.AlignmentMask) == 0;
    }

    /// <summary>Allocates the port's own DMA memory (sense buffer, SRB extension) once. Open runs before crash mode;
    /// afterwards nothing may allocate, so a re-initialization reuses these.</summary>
    /// <returns>Success, or why the memory could not be had.</returns>
    public PortRequestResult PrepareResources()
    {
        if (!TryCall("InitializationData", () => _miniport.InitializationData, out var initializationData, out var fault))
        {
            return fault;
        }

        int extensionSize = initializationData.SrbExtensionSize;
        _mapBuffers = initializationData.MapBuffers;

        try
        {
            if (_senseBuffer is null)
            {
                _senseBuffer = _allocator.Allocate(SenseAllocation, 64, below4GiB: true);
                _senseMdl = Mdl.FromBuffer(_senseBuffer, ScsiCommands.SenseLength);
            }

            if (extensionSize > 0 && (_srbExtension is null || _srbExtension.Length < extensionSize))
            {
                _srbExtension = _allocator.Allocate(extensionSize, 64, below4GiB: true);
            }
        }
        catch (InvalidOperationException exception)
        {
            return Diagnostics.Failure(NtStatus.InsufficientResources, $"the port's DMA memory (sense buffer, {extensionSize}-byte SRB extension) could not be allocated; Open must run before crash mode: {exception.Message}");
        }

        return PortRequestResult.Succeeded;
    }

    /// <summary>HwFindAdapter with <c>dump=1</c> on a fresh copy of the saved configuration, then HwInitialize.</summary>
    /// <returns>Success, or which routine refused and how.</returns>
    public PortRequestResult BringUpAdapter()
    {
        var configuration = new PortConfiguration(_services.AccessRanges, Context.Adapter.Pci)
        {
            DumpMode = Context.CrashDump ? DumpMode.Crash : DumpMode.Hibernation,
            MiniportDumpData = Context.MiniportDumpData,
        };
        _services.AttachConfiguration(configuration);
        if (!TryCall("HwFindAdapter", () => _miniport.HwFindAdapter(configuration, DumpContract.DumpArgumentString, out _), out var found, out var fault))
        {
            return fault;
        }

        if (found != SpReturn.Found)
        {
            return Diagnostics.Failure(found == SpReturn.NotFound ? NtStatus.NoSuchDevice : NtStatus.IoDeviceError, $"HwFindAdapter returned {ScsiText.SpReturnName(found)}");
        }

        CapLimits(configuration);
        var region = ProvideDumpRegion(configuration);
        if (!region.IsSuccess)
        {
            return region;
        }

        if (!TryCall("HwInitialize", _miniport.HwInitialize, out bool initialized, out fault))
        {
            return fault;
        }

        if (!initialized)
        {
            return Diagnostics.Failure(NtStatus.DeviceNotReady, "HwInitialize returned FALSE");
        }

        Configuration = configuration;
        return _controlTypesQueried ? PortRequestResult.Succeeded : QuerySupportedControlTypes();
    }

    /// <summary>The port's caps (maximum_transfer_length, number_of_physical_breaks) over the limits the miniport
    /// reported, as Windows narrows them to the adapter's: everything after (the split, the SG lists) sees the smaller.</summary>
    private void CapLimits(PortConfiguration configuration)
    {
        uint transfer = Settings.CapTransferLength(configuration.MaximumTransferLength);
        uint breaks = Settings.CapPhysicalBreaks(configuration.NumberOfPhysicalBreaks);
        if (transfer != configuration.MaximumTransferLength || breaks != configuration.NumberOfPhysicalBreaks)
        {
            Diagnostics.Record(DumpLogLevel.Information, string.Create(CultureInfo.InvariantCulture,
                $"Limits capped by the port's settings: MaximumTransferLength {configuration.MaximumTransferLength} -> {transfer}, NumberOfPhysicalBreaks {configuration.NumberOfPhysicalBreaks} -> {breaks}."));
            configuration.MaximumTransferLength = transfer;
            configuration.NumberOfPhysicalBreaks = breaks;
        }
    }

    /// <summary>The DumpRegion for the RequestedDumpBufferSize set in HwFindAdapter, before HwInitialize. Windows
    /// reserves it at boot for the normal-mode instance's request; the bench has none, so the dump instance's own request
    /// is honoured here. Allocated at Open (before crash mode) and reused by a re-initialization, which cannot allocate.</summary>
    private PortRequestResult ProvideDumpRegion(PortConfiguration configuration)
    {
        uint requested = configuration.RequestedDumpBufferSize;
        if (requested == 0)
        {
            return PortRequestResult.Succeeded;
        }

        if (requested > MaximumDumpBufferSize)
        {
            return Diagnostics.Failure(NtStatus.InsufficientResources, string.Create(CultureInfo.InvariantCulture,
                $"HwFindAdapter asked for a {requested}-byte dump buffer (RequestedDumpBufferSize); the port provides at most {MaximumDumpBufferSize} bytes"));
        }

        bool below4GiB = !configuration.Dma64BitAddresses;
        if (_dumpRegion is null || _dumpRegion.Length < requested || (below4GiB && _dumpRegion.PhysicalAddress + (ulong)_dumpRegion.Length > (1UL << 32)))
        {
            try
            {
                _dumpRegion = _allocator.Allocate((int)requested, DumpContract.PageSize, below4GiB);
            }
            catch (InvalidOperationException exception)
            {
                return Diagnostics.Failure(NtStatus.InsufficientResources, string.Create(CultureInfo.InvariantCulture,
                    $"the {requested}-byte dump buffer HwFindAdapter asked for (RequestedDumpBufferSize) could not be allocated; Open must run before crash mode: {exception.Message}"));
            }
        }

        configuration.DumpRegion = _dumpRegion;
        Diagnostics.Record(DumpLogLevel.Information, string.Create(CultureInfo.InvariantCulture,
            $"DumpRegion provided: {_dumpRegion.Length} bytes for the RequestedDumpBufferSize {requested} of HwFindAdapter."));
        return PortRequestResult.Succeeded;
    }

    /// <summary>HwAdapterControl(ScsiQuerySupportedControlTypes), once, after the adapter is initialized and before the
    /// first request, as storport asks it; later calls use only the types reported. A miniport without the routine
    /// answers Unsuccessful and supports none.</summary>
    private PortRequestResult QuerySupportedControlTypes()
    {
        _controlTypesQueried = true;
        if (!TryCall("HwAdapterControl", () => _miniport.HwAdapterControl(ScsiAdapterControlType.ScsiQuerySupportedControlTypes, _controlTypes), out var status, out var fault))
        {
            return fault;
        }

        if (status != ScsiAdapterControlStatus.ScsiAdapterControlSuccess)
        {
            _controlTypes.SupportedTypeList.Clear();
        }

        return PortRequestResult.Succeeded;
    }

    /// <summary>Whether the miniport restarts its adapter through HwAdapterControl (it reported both ScsiStopAdapter
    /// and ScsiRestartAdapter).</summary>
    public bool RestartsThroughAdapterControl =>
        _controlTypes.IsSupported(ScsiAdapterControlType.ScsiStopAdapter) && _controlTypes.IsSupported(ScsiAdapterControlType.ScsiRestartAdapter);

    /// <summary>Fills an SRB for the saved target: the fields every dump request shares.</summary>
    /// <param name="srb">The (reused) SRB.</param>
    /// <param name="cdbLength">Bytes of the engine's CDB scratch to use (built by the caller via <see cref="CdbScratch"/>).</param>
    /// <param name="direction">DataIn, DataOut or NoDataTransfer.</param>
    /// <param name="data">The data, or <see langword="null"/>.</param>
    /// <param name="length">Bytes to move.</param>
    /// <param name="lba">Starting LBA for QueueSortKey.</param>
    public void PrepareScsi(ScsiRequestBlock srb, int cdbLength, SrbFlags direction, Mdl? data, uint length, long lba = 0)
    {
        Address(srb, SrbFunction.ExecuteScsi);
        srb.SetCdb(_cdb.AsSpan(0, cdbLength));
        // No queue exists to freeze in dump mode; bypass one in case an earlier failure left it frozen.
        srb.SrbFlags = direction | SrbFlags.NoQueueFreeze | SrbFlags.BypassFrozenQueue | SrbFlags.DisableSynchTransfer;
        srb.DataBuffer = data;
        srb.DataTransferLength = length;
        srb.DataView = Map(_ioView, data, length, _cdb[0]);
        srb.SenseInfoBuffer = _senseBuffer;
        srb.SenseInfoBufferLength = ScsiCommands.SenseLength;
        srb.QueueSortKey = (uint)lba;
    }

    /// <summary>Fills an SRB for a non-SCSI function (SHUTDOWN): no CDB, no data, no sense.</summary>
    /// <param name="srb">An SRB whose CDB was never set.</param>
    /// <param name="function">The function.</param>
    public void PrepareFunction(ScsiRequestBlock srb, SrbFunction function)
    {
        Address(srb, function);
        srb.SrbFlags = SrbFlags.NoDataTransfer | SrbFlags.NoQueueFreeze | SrbFlags.BypassFrozenQueue;
        srb.DataBuffer = null;
        srb.DataTransferLength = 0;
        srb.DataView = null;
        srb.SenseInfoBuffer = null;
        srb.SenseInfoBufferLength = 0;
        srb.QueueSortKey = 0;
    }

    /// <inheritdoc/>
    public override void Interrupt() => _miniport.HwInterrupt();

    /// <inheritdoc/>
    public override void End() => _services.EndRequest();

    /// <inheritdoc/>
    protected override uint DataTransferLength(ScsiRequestBlock request) => request.DataTransferLength;

    /// <inheritdoc/>
    protected override void PrepareAttempt(ScsiRequestBlock request, uint requested)
    {
        request.SrbStatus = SrbStatus.Pending;
        request.ScsiStatus = ScsiStatus.Good;
        request.DataTransferLength = requested;
        request.InternalStatus = 0;
        // A miniport may lower SenseInfoBufferLength to what it returned; offer the whole buffer again.
        byte senseLength = request.SenseInfoBuffer is null ? (byte)0 : (byte)ScsiCommands.SenseLength;
        request.SenseInfoBufferLength = senseLength;
        if (request.SenseInfoBuffer is { } senseBuffer && senseLength > 0)
        {
            senseBuffer.Span[..Math.Min(senseLength, senseBuffer.Length)].Clear();
        }
    }

    /// <inheritdoc/>
    protected override void BeginRequest(ScsiRequestBlock request) => _services.BeginRequest(request);

    /// <inheritdoc/>
    /// <summary>Bound as storport, HwBuildIo first: <see langword="false"/> means the miniport completed the request
    /// itself and HwStartIo is not called. scsiport has no HwBuildIo.</summary>
    protected override bool StartRequest(ScsiRequestBlock request) =>
        (_waitForNextRequest || _miniport.HwBuildIo(request)) && _miniport.HwStartIo(request);

    /// <inheritdoc/>
    protected override void AfterAttempt() => Statistics.Resets += _services.TakeResetsDetected();

    /// <inheritdoc/>
    protected override CompletionVerdict Interpret(ScsiRequestBlock request, PortRequestLabel label, uint requested)
    {
        var status = request.SrbStatus;
        switch (status.Code())
        {
            case SrbStatus.Success:
                return CompletionVerdict.Success(Describe(request, null, null));
            case SrbStatus.DataOverrun when request.DataTransferLength < requested || (!label.IsMediaTransfer && request.DataTransferLength == requested):
                // Windows reports underruns as DATA_OVERRUN with the length lowered: the answer to INQUIRY or
                // READ CAPACITY, a short transfer (failure) for a READ or WRITE.
                return CompletionVerdict.Success(Describe(request, null, null));
            case SrbStatus.Busy:
                return CompletionVerdict.Busy(ScsiText.SrbStatusName(status.Code()));
            case SrbStatus.BusReset:
                return CompletionVerdict.Retry(ScsiText.SrbStatusName(status.Code()));
            case SrbStatus.Error:
                break;
            default:
                return CompletionVerdict.Fail(NtStatus.IoDeviceError, Describe(request, null, null));
        }

        switch (request.ScsiStatus)
        {
            case ScsiStatus.Busy:
            case ScsiStatus.TaskSetFull:
                return CompletionVerdict.Busy(Describe(request, null, null));
            case ScsiStatus.CheckCondition:
                break;
            default:
                return CompletionVerdict.Fail(NtStatus.IoDeviceError, Describe(request, null, null));
        }

        return FetchSense(request, status, out var sense, out string? problem) switch
        {
            SenseFetch.Fault => CompletionVerdict.Faulted,
            SenseFetch.Unavailable => CompletionVerdict.Fail(NtStatus.IoDeviceError, Describe(request, null, problem)),
            _ => RecoveryPolicy.ForSense(sense, Describe(request, sense, null)),
        };
    }

    /// <inheritdoc/>
    protected override string DescribeHang(ScsiRequestBlock request) => _services.CurrentRequestCompleted
        ? "completed but the miniport never signalled NextRequest"
        : "did not complete";

    /// <summary>Resets the bus (ignored by a dump-mode miniport) and brings the adapter back so the request can be
    /// resubmitted: HwAdapterControl stop and restart when the miniport reported both, as storport restarts an adapter;
    /// otherwise (or when they fail) HwFindAdapter and HwInitialize again.</summary>
    protected override PortRequestResult RecoverAfterTimeout(ScsiRequestBlock request, PortRequestLabel label, string hang)
    {
        Diagnostics.Record(DumpLogLevel.Warning, $"{hang}; resetting bus {request.PathId} and re-initializing the adapter ({Context.DescribeAdapter()}).");
        Statistics.Resets++;
        if (!TryCall("HwResetBus", () => _miniport.HwResetBus(request.PathId), out _, out var fault))
        {
            return fault;
        }

        Statistics.AdapterReinitializations++;
        if (RestartsThroughAdapterControl)
        {
            if (TryRestartAdapter(out fault))
            {
                Diagnostics.Record(DumpLogLevel.Warning, $"Adapter restarted (HwAdapterControl ScsiStopAdapter, ScsiRestartAdapter); resubmitting {label}.");
                return PortRequestResult.Succeeded;
            }

            if (!fault.IsSuccess)
            {
                return fault;
            }

            Diagnostics.Record(DumpLogLevel.Warning, "HwAdapterControl could not restart the adapter; calling HwFindAdapter and HwInitialize.");
        }

        var reinitialized = BringUpAdapter();
        if (!reinitialized.IsSuccess)
        {
            return reinitialized with { Failure = $"{reinitialized.Failure} (re-initialization after {label} timed out)" };
        }

        Diagnostics.Record(DumpLogLevel.Warning, $"Adapter re-initialized (HwFindAdapter, HwInitialize); resubmitting {label}.");
        return PortRequestResult.Succeeded;
    }

    /// <summary>HwAdapterControl ScsiStopAdapter, then ScsiRestartAdapter.</summary>
    /// <param name="fault">The failure when the miniport threw; success when it answered Unsuccessful (the caller then
    /// falls back to HwFindAdapter and HwInitialize).</param>
    /// <returns><see langword="true"/> when the adapter restarted.</returns>
    private bool TryRestartAdapter(out PortRequestResult fault)
    {
        foreach (var step in (ReadOnlySpan<ScsiAdapterControlType>)[ScsiAdapterControlType.ScsiStopAdapter, ScsiAdapterControlType.ScsiRestartAdapter])
        {
            if (!TryCall("HwAdapterControl", () => _miniport.HwAdapterControl(step, null), out var status, out fault))
            {
                return false;
            }

            if (status != ScsiAdapterControlStatus.ScsiAdapterControlSuccess)
            {
                Diagnostics.Record(DumpLogLevel.Warning, $"HwAdapterControl({step}) returned ScsiAdapterControlUnsuccessful.");
                return false;
            }
        }

        fault = PortRequestResult.Succeeded;
        return true;
    }

    /// <summary>For example <c>SRB_STATUS_ERROR, CHECK CONDITION, sense MEDIUM ERROR 11/00</c>.</summary>
    private string Describe(ScsiRequestBlock srb, SenseInfo? sense, string? senseProblem)
    {
        var code = srb.SrbStatus.Code();
        string text = ScsiText.SrbStatusName(code);
        if (code == SrbStatus.InternalError)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" (InternalStatus 0x{srb.InternalStatus:X8})");
        }

        if (code == SrbStatus.Error || srb.ScsiStatus != ScsiStatus.Good)
        {
            text += ", " + ScsiText.ScsiStatusName(srb.ScsiStatus);
        }

        if (sense is { } parsed)
        {
            text += ", sense " + parsed;

            // The INFORMATION field of a medium or recovered error names the block the disk failed on.
            if (_senseInformation is { } lba)
            {
                text += string.Create(CultureInfo.InvariantCulture, $" at LBA {lba} (0x{lba:X})");
            }
        }
        else if (senseProblem is not null)
        {
            text += ", " + senseProblem;
        }

        return text;
    }

    /// <summary>The request's data as a mapped view when HW_INITIALIZATION_DATA.MapBuffers asks for it: scsiport maps
    /// every data buffer when it is set; storport maps all but READ and WRITE unless the miniport asked for those too.</summary>
    private RequestDataView? Map(RequestDataView view, Mdl? data, uint length, byte opcode)
    {
        if (data is null || length == 0)
        {
            return null;
        }

        bool mapped = _waitForNextRequest
            ? _mapBuffers != StorMapBuffers.NoBuffers
            : _mapBuffers switch
            {
                StorMapBuffers.AllBuffersIncludingReadWrite => true,
                StorMapBuffers.AllBuffers or StorMapBuffers.NonReadWriteBuffers => !ScsiCommands.IsReadOrWrite(opcode),
                _ => false,
            };
        if (!mapped)
        {
            return null;
        }

        view.Map(data, length);
        return view;
    }

    /// <summary>The fields every SRB of this port shares: the saved target, untagged, the timeout, the extension.</summary>
    private void Address(ScsiRequestBlock srb, SrbFunction function)
    {
        var address = Context.TargetAddress;
        srb.Function = function;
        srb.PathId = address.PathId;
        srb.TargetId = address.TargetId;
        srb.Lun = address.Lun;
        srb.QueueTag = SrbQueueAction.Untagged;
        srb.QueueAction = SrbQueueAction.SimpleTag;
        srb.TimeOutValue = RequestTimeOutSeconds;
        srb.SrbExtension = _srbExtension;
    }

    /// <summary>Gets the sense data of a CHECK CONDITION: the autosense buffer when the miniport filled it, otherwise
    /// a REQUEST SENSE issued by the port, as a port does for an adapter without autosense.</summary>
    private SenseFetch FetchSense(ScsiRequestBlock srb, SrbStatus status, out SenseInfo sense, out string? problem)
    {
        sense = default;
        problem = null;
        _senseInformation = null;
        if (status.HasAutosense() && srb.SenseInfoBuffer is { } buffer)
        {
            int length = Math.Min(srb.SenseInfoBufferLength, buffer.Length);
            if (SenseInfo.TryParse(buffer.Span[..length], out sense))
            {
                _senseInformation = Information(buffer.Span[..length]);
                return SenseFetch.Parsed;
            }

            problem = string.Create(CultureInfo.InvariantCulture, $"autosense data unrecognisable (response code 0x{(length > 0 ? buffer.Span[0] : 0):X2}, {length} bytes)");
            return SenseFetch.Unavailable;
        }

        if (_senseBuffer is null || _senseMdl is null || (srb.SrbFlags & SrbFlags.DisableAutosense) != 0)
        {
            problem = "no sense data";
            return SenseFetch.Unavailable;
        }

        _senseSrb.Function = SrbFunction.ExecuteScsi;
        _senseSrb.PathId = srb.PathId;
        _senseSrb.TargetId = srb.TargetId;
        _senseSrb.Lun = srb.Lun;
        _senseSrb.QueueTag = SrbQueueAction.Untagged;
        _senseSrb.QueueAction = SrbQueueAction.SimpleTag;
        Span<byte> cdb = stackalloc byte[6];
        ScsiCommands.RequestSense(cdb, ScsiCommands.SenseLength);
        _senseSrb.SetCdb(cdb);
        _senseSrb.SrbFlags = SrbFlags.DataIn | SrbFlags.DisableAutosense | SrbFlags.NoQueueFreeze | SrbFlags.BypassFrozenQueue;
        _senseSrb.DataBuffer = _senseMdl;
        _senseSrb.DataView = Map(_senseView, _senseMdl, ScsiCommands.SenseLength, cdb[0]);
        _senseSrb.TimeOutValue = RequestTimeOutSeconds;
        _senseSrb.SenseInfoBuffer = null;
        // The failed request is finished, so its SRB extension is free for the REQUEST SENSE.
        _senseSrb.SrbExtension = srb.SrbExtension;
        _senseSrb.QueueSortKey = 0;
        _senseBuffer.Span[..ScsiCommands.SenseLength].Clear();
        switch (Attempt(_senseSrb, ScsiCommands.SenseLength))
        {
            case AttemptOutcome.MiniportFault:
                return SenseFetch.Fault;
            case AttemptOutcome.TimedOut:
                Statistics.Timeouts++;
                problem = "no autosense and REQUEST SENSE timed out";
                return SenseFetch.Unavailable;
            case AttemptOutcome.NotAccepted:
                problem = "no autosense and REQUEST SENSE was not accepted";
                return SenseFetch.Unavailable;
            default:
                break;
        }

        var senseStatus = _senseSrb.SrbStatus.Code();
        if (senseStatus is not (SrbStatus.Success or SrbStatus.DataOverrun))
        {
            problem = $"no autosense and REQUEST SENSE failed with {ScsiText.SrbStatusName(senseStatus)}";
            return SenseFetch.Unavailable;
        }

        int received = (int)Math.Min(_senseSrb.DataTransferLength, ScsiCommands.SenseLength);
        if (!SenseInfo.TryParse(_senseBuffer.Span[..received], out sense))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"REQUEST SENSE returned no recognisable sense data ({received} bytes)");
            return SenseFetch.Unavailable;
        }

        _senseInformation = Information(_senseBuffer.Span[..received]);
        return SenseFetch.Parsed;
    }

    /// <summary>The INFORMATION field of fixed-format sense (response code 70h/71h) when VALID is set.</summary>
    private static uint? Information(ReadOnlySpan<byte> sense) =>
        sense.Length >= 7 && (sense[0] & 0x7E) == 0x70 && (sense[0] & 0x80) != 0 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(sense[3..]) : null;
}
