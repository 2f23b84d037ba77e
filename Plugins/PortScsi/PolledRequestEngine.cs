using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>
/// The polled heart of the dump port: brings the adapter up through the miniport, and runs one SRB at a time with
/// HwStartIo followed by HwInterrupt polls and stalls, applying the dump-mode recovery rules (BUSY resubmission,
/// retry on UNIT ATTENTION / becoming ready / ABORTED COMMAND / bus reset, one adapter re-initialization on timeout).
/// Every miniport entry point is called inside a catch so a faulty driver fails the operation, not the host.
/// </summary>
internal sealed class PolledRequestEngine
{
    /// <summary>Bytes allocated for the sense buffer (SENSE_BUFFER_SIZE_EX); the SRB offers the first 18.</summary>
    private const int SenseAllocation = 256;

    private const ulong FourGiB = 1UL << 32;

    private const ulong MicrosecondsPerSecond = 1_000_000;

    private readonly IScsiMiniport _miniport;
    private readonly DumpPortServices _services;
    private readonly DumpStackContext _context;
    private readonly IDmaAllocator _allocator;
    private readonly IDumpLog _log;
    private readonly DiskDumpSettings _settings;
    private readonly DumpPortStatistics _statistics;
    private readonly ScsiRequestBlock _senseSrb = new();
    private readonly byte[] _cdb = new byte[ScsiCommands.MaximumLength];
    private IDmaBuffer? _senseBuffer;
    private IDmaBuffer? _srbExtension;
    private Mdl? _senseMdl;
    private RequestResult _fault;

    /// <summary>Creates the engine.</summary>
    /// <param name="miniport">The miniport driven.</param>
    /// <param name="services">The port services the miniport calls back into.</param>
    /// <param name="context">The stack context.</param>
    /// <param name="allocator">DMA memory, used once at open.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">The port's settings.</param>
    /// <param name="statistics">The counters to keep.</param>
    public PolledRequestEngine(IScsiMiniport miniport, DumpPortServices services, DumpStackContext context, IDmaAllocator allocator, IDumpLog log, DiskDumpSettings settings, DumpPortStatistics statistics)
    {
        _miniport = miniport;
        _services = services;
        _context = context;
        _allocator = allocator;
        _log = log;
        _settings = settings;
        _statistics = statistics;
    }

    /// <summary>The configuration of the last successful find-adapter call.</summary>
    public PortConfiguration? Configuration { get; private set; }

    /// <summary>The miniport's load name for messages.</summary>
    public string MiniportName => _context.MiniportName;

    /// <summary>Whether the adapter (as configured by its miniport) can reach the range directly, without bouncing.</summary>
    /// <param name="address">First byte.</param>
    /// <param name="length">Length in bytes.</param>
    /// <returns><see langword="true"/> when the miniport may be handed the memory itself.</returns>
    public bool CanAddress(ulong address, ulong length)
    {
        var configuration = Configuration;
        return configuration is not null
            && (configuration.Dma64BitAddresses || (address < FourGiB && length <= FourGiB - address))
            && (address & configuration.AlignmentMask) == 0;
    }

    /// <summary>Allocates the port's own DMA memory (sense buffer, SRB extension) once. Open runs before crash mode;
    /// afterwards nothing may allocate, so a re-initialization reuses these.</summary>
    /// <returns>Success, or why the memory could not be had.</returns>
    public RequestResult PrepareResources()
    {
        int extensionSize;
        try
        {
            extensionSize = _miniport.InitializationData.SrbExtensionSize;
        }
        catch (Exception exception) when (DriverFault.IsDriverFault(exception))
        {
            return RecordFault("InitializationData", exception);
        }

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
            return Failure(NtStatus.InsufficientResources, $"the port's DMA memory (sense buffer, {extensionSize}-byte SRB extension) could not be allocated; Open must run before crash mode: {exception.Message}");
        }

        return RequestResult.Succeeded;
    }

    /// <summary>HwFindAdapter with <c>dump=1</c> on a fresh copy of the saved configuration, then HwInitialize.</summary>
    /// <returns>Success, or which routine refused and how.</returns>
    public RequestResult BringUpAdapter()
    {
        var adapter = _context.Adapter;
        var configuration = new PortConfiguration(_services.AccessRanges, adapter.Pci)
        {
            DumpMode = _context.CrashDump ? DumpMode.Crash : DumpMode.Hibernation,
        };
        _services.AttachConfiguration(configuration);

        SpReturn found;
        try
        {
            found = _miniport.FindAdapter(configuration, DumpContract.DumpArgumentString, out _);
        }
        catch (Exception exception) when (DriverFault.IsDriverFault(exception))
        {
            return RecordFault("FindAdapter", exception);
        }

        if (found != SpReturn.Found)
        {
            return Failure(found == SpReturn.NotFound ? NtStatus.NoSuchDevice : NtStatus.IoDeviceError, $"HwFindAdapter returned {ScsiText.SpReturnName(found)}");
        }

        bool initialized;
        try
        {
            initialized = _miniport.Initialize();
        }
        catch (Exception exception) when (DriverFault.IsDriverFault(exception))
        {
            return RecordFault("Initialize", exception);
        }

        if (!initialized)
        {
            return Failure(NtStatus.DeviceNotReady, "HwInitialize returned FALSE");
        }

        Configuration = configuration;
        return RequestResult.Succeeded;
    }

    /// <summary>Fills an SRB for the saved target: the fields every dump request shares.</summary>
    /// <param name="srb">The (reused) SRB.</param>
    /// <param name="cdbLength">Bytes of the engine's CDB scratch to use (built by the caller via <see cref="CdbScratch"/>).</param>
    /// <param name="direction">DataIn, DataOut or NoDataTransfer.</param>
    /// <param name="data">The data, or <see langword="null"/>.</param>
    /// <param name="length">Bytes to move.</param>
    /// <param name="lba">Starting LBA for QueueSortKey.</param>
    public void PrepareScsi(ScsiRequestBlock srb, int cdbLength, SrbFlags direction, Mdl? data, uint length, long lba = 0)
    {
        var address = _context.TargetAddress;
        srb.Function = SrbFunction.ExecuteScsi;
        srb.PathId = address.PathId;
        srb.TargetId = address.TargetId;
        srb.Lun = address.Lun;
        srb.QueueTag = SrbQueueAction.Untagged;
        srb.QueueAction = SrbQueueAction.SimpleTag;
        srb.SetCdb(_cdb.AsSpan(0, cdbLength));
        // No queue exists to freeze in dump mode; bypass one in case an earlier failure left it frozen.
        srb.SrbFlags = direction | SrbFlags.NoQueueFreeze | SrbFlags.BypassFrozenQueue | SrbFlags.DisableSynchTransfer;
        srb.DataBuffer = data;
        srb.DataTransferLength = length;
        srb.TimeOutValue = Math.Max(1, _context.RequestTimeoutSeconds);
        srb.SenseInfoBuffer = _senseBuffer;
        srb.SenseInfoBufferLength = ScsiCommands.SenseLength;
        srb.SrbExtension = _srbExtension;
        srb.QueueSortKey = (uint)lba;
    }

    /// <summary>Fills an SRB for a non-SCSI function (SHUTDOWN): no CDB, no data, no sense.</summary>
    /// <param name="srb">An SRB whose CDB was never set.</param>
    /// <param name="function">The function.</param>
    public void PrepareFunction(ScsiRequestBlock srb, SrbFunction function)
    {
        var address = _context.TargetAddress;
        srb.Function = function;
        srb.PathId = address.PathId;
        srb.TargetId = address.TargetId;
        srb.Lun = address.Lun;
        srb.QueueTag = SrbQueueAction.Untagged;
        srb.QueueAction = SrbQueueAction.SimpleTag;
        srb.SrbFlags = SrbFlags.NoDataTransfer | SrbFlags.NoQueueFreeze | SrbFlags.BypassFrozenQueue;
        srb.DataBuffer = null;
        srb.DataTransferLength = 0;
        srb.TimeOutValue = Math.Max(1, _context.RequestTimeoutSeconds);
        srb.SenseInfoBuffer = null;
        srb.SenseInfoBufferLength = 0;
        srb.SrbExtension = _srbExtension;
        srb.QueueSortKey = 0;
    }

    /// <summary>The CDB scratch the builders of <see cref="ScsiCommands"/> write into before <see cref="PrepareScsi"/>.</summary>
    public Span<byte> CdbScratch => _cdb;

    /// <summary>Runs a prepared SRB to a final outcome under the dump-mode recovery rules.</summary>
    /// <param name="srb">The prepared request.</param>
    /// <param name="label">What it is, for messages.</param>
    /// <returns>Success, or the failure with a message naming the command, the status, the sense and the adapter.</returns>
    public RequestResult Execute(ScsiRequestBlock srb, RequestLabel label)
    {
        uint requested = srb.DataTransferLength;
        byte senseLength = srb.SenseInfoBufferLength;
        int retries = 0;
        int busy = 0;
        bool reinitialized = false;
        for (;;)
        {
            var outcome = ExecuteOnce(srb, requested, senseLength);
            CollectDetectedResets();
            switch (outcome)
            {
                case AttemptOutcome.MiniportFault:
                    return _fault;
                case AttemptOutcome.TimedOut:
                    var timeout = HandleTimeout(srb, label, reinitialized);
                    if (!timeout.IsSuccess)
                    {
                        return timeout;
                    }

                    reinitialized = true;
                    continue;
                case AttemptOutcome.NotAccepted:
                    if (!TryResubmitBusy(label, ref busy, "HwStartIo did not accept the request", out var refused))
                    {
                        return refused;
                    }

                    continue;
                default:
                    break;
            }

            var status = srb.SrbStatus;
            switch (status.Code())
            {
                case SrbStatus.Success:
                    return Completed(srb, label, requested, busy);
                case SrbStatus.DataOverrun when srb.DataTransferLength < requested || (!label.IsMediaTransfer && srb.DataTransferLength == requested):
                    // Windows reports underruns as DATA_OVERRUN with the length lowered: the answer to INQUIRY or
                    // READ CAPACITY, a short transfer (failure) for a READ or WRITE.
                    return Completed(srb, label, requested, busy);
                case SrbStatus.Busy:
                    if (!TryResubmitBusy(label, ref busy, ScsiText.SrbStatusName(status.Code()), out var busyFailure))
                    {
                        return busyFailure;
                    }

                    continue;
                case SrbStatus.BusReset:
                    if (!TryRetry(label, ref retries, ScsiText.SrbStatusName(status.Code()), 0, out var resetFailure))
                    {
                        return resetFailure;
                    }

                    continue;
                case SrbStatus.Error:
                    break;
                default:
                    return Failure(label, NtStatus.IoDeviceError, Describe(srb, null, null));
            }

            switch (srb.ScsiStatus)
            {
                case ScsiStatus.Busy:
                case ScsiStatus.TaskSetFull:
                    if (!TryResubmitBusy(label, ref busy, Describe(srb, null, null), out var fullFailure))
                    {
                        return fullFailure;
                    }

                    continue;
                case ScsiStatus.CheckCondition:
                    break;
                default:
                    return Failure(label, NtStatus.IoDeviceError, Describe(srb, null, null));
            }

            var fetch = FetchSense(srb, status, out var sense, out string? senseProblem);
            if (fetch == SenseFetch.Fault)
            {
                return _fault;
            }

            if (fetch == SenseFetch.Unavailable)
            {
                return Failure(label, NtStatus.IoDeviceError, Describe(srb, null, senseProblem));
            }

            string description = Describe(srb, sense, null);
            switch (sense.Key)
            {
                case SenseInfo.KeyRecoveredError:
                    _statistics.RecoveredErrors++;
                    _log.Record(DumpLogLevel.Information, _settings.LoadName, $"{label}: {description}; the device recovered, treated as success.");
                    return Completed(srb, label, requested, busy);
                case SenseInfo.KeyUnitAttention:
                case SenseInfo.KeyAbortedCommand:
                    if (!TryRetry(label, ref retries, description, 0, out var retryFailure))
                    {
                        return retryFailure;
                    }

                    continue;
                case SenseInfo.KeyNotReady when sense is { Asc: 0x04, Ascq: 0x01 }:
                    // 04/01: the logical unit is in the process of becoming ready.
                    if (!TryRetry(label, ref retries, description, _settings.NotReadyDelayMicroseconds, out var notReadyFailure))
                    {
                        return notReadyFailure;
                    }

                    continue;
                case SenseInfo.KeyNotReady:
                    return Failure(label, NtStatus.DeviceNotReady, description);
                case SenseInfo.KeyDataProtect:
                    return Failure(label, NtStatus.MediaWriteProtected, description);
                default:
                    return Failure(label, NtStatus.IoDeviceError, description);
            }
        }
    }

    /// <summary>One submission: PENDING, HwStartIo, then HwInterrupt polls with stalls until the miniport signals
    /// completion (and, bound as scsiport, readiness for the next request) or the timeout passes in stall time.</summary>
    private AttemptOutcome ExecuteOnce(ScsiRequestBlock srb, uint requested, byte senseLength)
    {
        srb.SrbStatus = SrbStatus.Pending;
        srb.ScsiStatus = ScsiStatus.Good;
        srb.DataTransferLength = requested;
        srb.InternalStatus = 0;
        srb.SenseInfoBufferLength = senseLength;
        if (srb.SenseInfoBuffer is { } senseBuffer && senseLength > 0)
        {
            senseBuffer.Span[..Math.Min(senseLength, senseBuffer.Length)].Clear();
        }

        _services.BeginRequest(srb);
        _statistics.RequestsStarted++;
        try
        {
            bool accepted;
            try
            {
                accepted = _miniport.StartIo(srb);
            }
            catch (Exception exception) when (DriverFault.IsDriverFault(exception))
            {
                _fault = RecordFault("StartIo", exception);
                return AttemptOutcome.MiniportFault;
            }

            if (!accepted)
            {
                return AttemptOutcome.NotAccepted;
            }

            var clock = _context.Clock;
            ulong started = clock.ElapsedMicroseconds;
            ulong limit = srb.TimeOutValue * MicrosecondsPerSecond;
            bool waitForNext = _settings.Binding == PortInterface.ScsiPort;
            uint pollInterval = _settings.PollIntervalMicroseconds;
            for (;;)
            {
                if (_services.CurrentRequestCompleted && (!waitForNext || _services.ReadyForNextRequest))
                {
                    return AttemptOutcome.Completed;
                }

                _statistics.Polls++;
                try
                {
                    _miniport.Interrupt();
                }
                catch (Exception exception) when (DriverFault.IsDriverFault(exception))
                {
                    _fault = RecordFault("Interrupt", exception);
                    return AttemptOutcome.MiniportFault;
                }

                if (_services.CurrentRequestCompleted && (!waitForNext || _services.ReadyForNextRequest))
                {
                    return AttemptOutcome.Completed;
                }

                if (clock.ElapsedMicroseconds - started >= limit)
                {
                    return AttemptOutcome.TimedOut;
                }

                clock.Stall(pollInterval);
            }
        }
        finally
        {
            _services.EndRequest();
        }
    }

    /// <summary>Counts a timeout; the first one resets the bus (ignored by a dump-mode miniport) and re-initializes the
    /// adapter so the request can be resubmitted, the second fails the request.</summary>
    private RequestResult HandleTimeout(ScsiRequestBlock srb, RequestLabel label, bool alreadyReinitialized)
    {
        _statistics.Timeouts++;
        string what = _services.CurrentRequestCompleted
            ? "completed but the miniport never signalled NextRequest"
            : "did not complete";
        string message = string.Create(CultureInfo.InvariantCulture, $"{label} {what} within {srb.TimeOutValue} s of stall time");
        if (alreadyReinitialized)
        {
            return Failure(label, NtStatus.IoTimeout, $"timed out again after the adapter was re-initialized ({message})");
        }

        _log.Record(DumpLogLevel.Warning, _settings.LoadName, $"{message}; resetting bus {srb.PathId} and re-initializing the adapter ({_context.DescribeAdapter()}).");
        _statistics.Resets++;
        try
        {
            _miniport.ResetBus(srb.PathId);
        }
        catch (Exception exception) when (DriverFault.IsDriverFault(exception))
        {
            return RecordFault("ResetBus", exception);
        }

        _statistics.AdapterReinitializations++;
        var reinitialized = BringUpAdapter();
        if (!reinitialized.IsSuccess)
        {
            return reinitialized with { Failure = $"{reinitialized.Failure} (re-initialization after {label} timed out)" };
        }

        _log.Record(DumpLogLevel.Warning, _settings.LoadName, $"Adapter re-initialized; resubmitting {label}.");
        return RequestResult.Succeeded;
    }

    private bool TryResubmitBusy(RequestLabel label, ref int busy, string reason, out RequestResult failure)
    {
        if (busy >= _settings.BusyResubmitLimit)
        {
            failure = Failure(NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"{label} still busy after {busy} resubmissions: {reason}"));
            return false;
        }

        busy++;
        _statistics.BusyResubmits++;
        if (busy == 1)
        {
            // Log the first of a run only: a busy device can bounce a request hundreds of times.
            _log.Record(DumpLogLevel.Warning, _settings.LoadName, string.Create(CultureInfo.InvariantCulture, $"{label}: {reason}; resubmitting after {_settings.BusyDelayMicroseconds} µs."));
        }

        if (_settings.BusyDelayMicroseconds > 0)
        {
            _context.Clock.Stall(_settings.BusyDelayMicroseconds);
        }

        failure = RequestResult.Succeeded;
        return true;
    }

    private bool TryRetry(RequestLabel label, ref int retries, string reason, uint delayMicroseconds, out RequestResult failure)
    {
        if (retries >= _settings.RetryLimit)
        {
            failure = Failure(NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"{label} failed after {retries} retries: {reason}"));
            return false;
        }

        retries++;
        _statistics.Retries++;
        _log.Record(DumpLogLevel.Warning, _settings.LoadName, string.Create(CultureInfo.InvariantCulture, $"{label}: {reason}; retry {retries} of {_settings.RetryLimit}."));
        if (delayMicroseconds > 0)
        {
            _context.Clock.Stall(delayMicroseconds);
        }

        failure = RequestResult.Succeeded;
        return true;
    }

    /// <summary>A completion that counts as success, unless a media transfer came back short.</summary>
    private RequestResult Completed(ScsiRequestBlock srb, RequestLabel label, uint requested, int busy)
    {
        if (label.IsMediaTransfer && srb.DataTransferLength < requested)
        {
            return Failure(label, NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"short transfer: {srb.DataTransferLength} of {requested} bytes ({Describe(srb, null, null)})"));
        }

        if (busy > 1)
        {
            _log.Record(DumpLogLevel.Information, _settings.LoadName, string.Create(CultureInfo.InvariantCulture, $"{label} completed after {busy} busy resubmissions."));
        }

        return RequestResult.Succeeded;
    }

    /// <summary>Gets the sense data of a CHECK CONDITION: the autosense buffer when the miniport filled it, otherwise
    /// a REQUEST SENSE issued by the port, as a port does for an adapter without autosense.</summary>
    private SenseFetch FetchSense(ScsiRequestBlock srb, SrbStatus status, out SenseInfo sense, out string? problem)
    {
        sense = default;
        problem = null;
        if (status.HasAutosense() && srb.SenseInfoBuffer is { } buffer)
        {
            int length = Math.Min(srb.SenseInfoBufferLength, buffer.Length);
            if (SenseInfo.TryParse(buffer.Span[..length], out sense))
            {
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
        _senseSrb.TimeOutValue = srb.TimeOutValue;
        _senseSrb.SenseInfoBuffer = null;
        // The failed request is finished, so its SRB extension is free for the REQUEST SENSE.
        _senseSrb.SrbExtension = srb.SrbExtension;
        _senseSrb.QueueSortKey = 0;
        _senseBuffer.Span[..ScsiCommands.SenseLength].Clear();
        var outcome = ExecuteOnce(_senseSrb, ScsiCommands.SenseLength, 0);
        switch (outcome)
        {
            case AttemptOutcome.MiniportFault:
                return SenseFetch.Fault;
            case AttemptOutcome.TimedOut:
                _statistics.Timeouts++;
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

        return SenseFetch.Parsed;
    }

    private void CollectDetectedResets()
    {
        int resets = _services.TakeResetsDetected();
        if (resets > 0)
        {
            _statistics.Resets += resets;
        }
    }

    /// <summary>For example <c>SRB_STATUS_ERROR, CHECK CONDITION, sense MEDIUM ERROR 11/00</c>.</summary>
    private static string Describe(ScsiRequestBlock srb, SenseInfo? sense, string? senseProblem)
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
        }
        else if (senseProblem is not null)
        {
            text += ", " + senseProblem;
        }

        return text;
    }

    private RequestResult Failure(RequestLabel label, NtStatus status, string reason) => Failure(status, $"{label} failed: {reason}");

    /// <summary>A failure of the port, worded "load name: reason (miniport, adapter model: fault)".</summary>
    /// <param name="status">The status to return.</param>
    /// <param name="reason">What went wrong.</param>
    /// <returns>The failed result.</returns>
    public RequestResult Failure(NtStatus status, string reason) => new(status, $"{_settings.LoadName}: {reason} ({_context.DescribeAdapter()})");

    private RequestResult RecordFault(string routine, Exception exception) =>
        Failure(DriverFault.StatusOf(exception), DriverFault.Describe(MiniportName, routine, exception));
}
