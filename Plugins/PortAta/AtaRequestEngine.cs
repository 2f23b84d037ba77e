using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.PortAta;

/// <summary>
/// Runs one IRB at a time on the channel miniport the polled way: BuildIo, StartIo, then Interrupt polls with stalls
/// until the miniport completes the request or its TimeOutValue passes in stall time. Recovery follows ataport: one
/// resubmission after IRB_STATUS_BUSY, one retry after a bus reset, ABORTED COMMAND or UNIT ATTENTION, and on a hang
/// a channel reset (IdeHwReset) and one resubmission. Every miniport call is guarded so that a faulty driver fails the
/// operation, never the host.
/// </summary>
internal sealed class AtaRequestEngine
{
    private const ulong MicrosecondsPerSecond = 1_000_000;

    private readonly IAtaChannelMiniport _miniport;
    private readonly AtaPortServices _services;
    private readonly DumpStackContext _context;
    private readonly IDumpLog _log;
    private readonly AtaPortSettings _settings;
    private readonly DumpPortStatistics _statistics;
    private AtaRequestResult _fault;

    public AtaRequestEngine(IAtaChannelMiniport miniport, AtaPortServices services, DumpStackContext context, IDumpLog log, AtaPortSettings settings, DumpPortStatistics statistics)
    {
        _miniport = miniport;
        _services = services;
        _context = context;
        _log = log;
        _settings = settings;
        _statistics = statistics;
    }

    /// <summary>The miniport's load name for messages.</summary>
    public string MiniportName => _context.MiniportName;

    /// <summary>Calls a miniport routine; an exception becomes a failed result naming the routine.</summary>
    /// <typeparam name="T">The routine's result.</typeparam>
    /// <param name="routine">Its name.</param>
    /// <param name="call">The call.</param>
    /// <param name="value">The result when it returned.</param>
    /// <param name="failure">The failure when it threw.</param>
    /// <returns><see langword="true"/> when the routine returned.</returns>
    public bool TryCall<T>(string routine, Func<T> call, out T value, out AtaRequestResult failure)
    {
        try
        {
            value = call();
            failure = AtaRequestResult.Succeeded;
            return true;
        }
        catch (Exception exception) when (DriverFault.IsDriverFault(exception))
        {
            value = default!;
            failure = RecordFault(routine, exception);
            return false;
        }
    }

    /// <summary>Runs a prepared IRB to a final outcome under the recovery rules.</summary>
    /// <param name="irb">The request (task file, flags, data and TimeOutValue filled).</param>
    /// <param name="label">What it is, for messages.</param>
    /// <returns>Success, or the failure with a message naming the command, the ATA status, the sense and the layer.</returns>
    public AtaRequestResult Execute(IdeRequestBlock irb, AtaRequestLabel label)
    {
        uint requested = irb.DataTransferLength;
        bool busyResubmitted = false;
        bool retried = false;
        for (;;)
        {
            var outcome = ExecuteOnce(irb, requested);
            switch (outcome)
            {
                case AttemptOutcome.MiniportFault:
                    return _fault;
                case AttemptOutcome.TimedOut:
                    _statistics.Timeouts++;
                    string hang = string.Create(CultureInfo.InvariantCulture, $"{label} did not complete within {irb.TimeOutValue} s of stall time");
                    if (retried)
                    {
                        ResetChannel(irb, label, hang);
                        return Failure(label, NtStatus.IoTimeout, $"timed out again after a channel reset ({hang})");
                    }

                    var reset = ResetChannel(irb, label, hang);
                    if (!reset.IsSuccess)
                    {
                        return reset;
                    }

                    retried = true;
                    _statistics.Retries++;
                    continue;
                case AttemptOutcome.NotAccepted:
                    if (busyResubmitted)
                    {
                        return Failure(label, NtStatus.DeviceBusy, "StartIo refused the request twice");
                    }

                    busyResubmitted = true;
                    ResubmitBusy(label, "StartIo refused the request");
                    continue;
                default:
                    break;
            }

            var code = (IrbStatus)((byte)irb.IrbStatus & 0x0F);
            switch (code)
            {
                case IrbStatus.Success:
                    if (label.IsMediaTransfer && irb.DataTransferLength < requested)
                    {
                        return Failure(label, NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"short transfer: {irb.DataTransferLength} of {requested} bytes"));
                    }

                    return AtaRequestResult.Succeeded;
                case IrbStatus.Busy:
                    if (busyResubmitted)
                    {
                        return Failure(label, NtStatus.DeviceBusy, "IRB_STATUS_BUSY twice");
                    }

                    busyResubmitted = true;
                    ResubmitBusy(label, "IRB_STATUS_BUSY");
                    continue;
                case IrbStatus.BusReset when !retried:
                    retried = true;
                    _statistics.Retries++;
                    _statistics.Resets++;
                    _log.Record(DumpLogLevel.Warning, _settings.LoadName, $"{label}: IRB_STATUS_BUS_RESET; retrying once.");
                    continue;
                case IrbStatus.DeviceError:
                    var sense = AtaSense.FromTaskFile(irb.AtaStatus, irb.AtaError);
                    string description = DescribeDeviceError(irb, sense);
                    if (!retried && sense.Key is SenseInfo.KeyAbortedCommand or SenseInfo.KeyUnitAttention)
                    {
                        retried = true;
                        _statistics.Retries++;
                        _log.Record(DumpLogLevel.Warning, _settings.LoadName, $"{label}: {description}; retrying once.");
                        continue;
                    }

                    var status = sense.Key switch
                    {
                        SenseInfo.KeyNotReady => NtStatus.DeviceNotReady,
                        SenseInfo.KeyMediumError => NtStatus.DataError,
                        _ => NtStatus.IoDeviceError,
                    };
                    return Failure(label, status, description);
                case IrbStatus.DataLengthMismatch:
                    return Failure(label, NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"IRB_STATUS_DATALENGTH_MISMATCH: {irb.DataTransferLength} of {requested} bytes moved"));
                case IrbStatus.SelectionTimeout:
                    return Failure(label, NtStatus.NoSuchDevice, string.Create(CultureInfo.InvariantCulture, $"IRB_STATUS_SELECTION_TIMEOUT: no device {irb.TargetId} on channel {irb.Channel}"));
                case IrbStatus.InvalidRequest:
                    return Failure(label, NtStatus.InvalidParameter, "IRB_STATUS_INVALID_REQUEST: the miniport refused or could not carry out the request (see its log entries)");
                default:
                    return Failure(label, NtStatus.IoDeviceError, AtaText.IrbStatusName(irb.IrbStatus));
            }
        }
    }

    /// <summary>One submission: PENDING, BuildIo, StartIo, then Interrupt polls with stalls until CompleteRequest or
    /// the timeout in stall time.</summary>
    private AttemptOutcome ExecuteOnce(IdeRequestBlock irb, uint requested)
    {
        irb.IrbStatus = IrbStatus.Pending;
        irb.AtaStatus = 0;
        irb.AtaError = 0;
        irb.DataTransferLength = requested;
        var clock = _context.Clock;
        ulong limit = Math.Max(1u, irb.TimeOutValue) * MicrosecondsPerSecond;
        ulong started = clock.ElapsedMicroseconds;
        while (_services.DeviceIsBusy)
        {
            // AtaPortDeviceBusy: hold the request until the miniport says the device is ready.
            if (clock.ElapsedMicroseconds - started >= limit)
            {
                return AttemptOutcome.TimedOut;
            }

            clock.Stall(_settings.BusyDelayMicroseconds == 0 ? _settings.PollIntervalMicroseconds : _settings.BusyDelayMicroseconds);
        }

        _services.BeginRequest(irb);
        _statistics.RequestsStarted++;
        try
        {
            try
            {
                if (!_miniport.BuildIo(irb))
                {
                    return _services.CurrentRequestCompleted ? AttemptOutcome.Completed : AttemptOutcome.NotAccepted;
                }

                if (!_miniport.StartIo(irb))
                {
                    return _services.CurrentRequestCompleted ? AttemptOutcome.Completed : AttemptOutcome.NotAccepted;
                }
            }
            catch (Exception exception) when (DriverFault.IsDriverFault(exception))
            {
                _fault = RecordFault("StartIo", exception);
                return AttemptOutcome.MiniportFault;
            }

            uint interval = _settings.PollIntervalMicroseconds;
            started = clock.ElapsedMicroseconds;
            while (!_services.CurrentRequestCompleted)
            {
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

                if (_services.CurrentRequestCompleted)
                {
                    break;
                }

                if (clock.ElapsedMicroseconds - started >= limit)
                {
                    return AttemptOutcome.TimedOut;
                }

                clock.Stall(interval);
            }

            return AttemptOutcome.Completed;
        }
        finally
        {
            _services.EndRequest();
        }
    }

    /// <summary>IdeHwReset after a hang; the miniport completes the hung IRB (BUS_RESET) and brings the devices back.</summary>
    private AtaRequestResult ResetChannel(IdeRequestBlock irb, AtaRequestLabel label, string reason)
    {
        _statistics.Resets++;
        _log.Record(DumpLogLevel.Warning, _settings.LoadName, $"{reason}; resetting the channel ({_context.DescribeAdapter()}).");
        bool reset;
        // The hung IRB is still the outstanding one: the miniport completes it during the reset.
        _services.BeginRequest(irb);
        try
        {
            reset = _miniport.Reset();
        }
        catch (Exception exception) when (DriverFault.IsDriverFault(exception))
        {
            return RecordFault("Reset", exception);
        }
        finally
        {
            _services.EndRequest();
        }

        if (!reset)
        {
            return Failure(label, NtStatus.IoTimeout, $"{reason}, and the channel reset failed");
        }

        _log.Record(DumpLogLevel.Warning, _settings.LoadName, $"Channel reset; resubmitting {label}.");
        return AtaRequestResult.Succeeded;
    }

    private void ResubmitBusy(AtaRequestLabel label, string reason)
    {
        _statistics.BusyResubmits++;
        _log.Record(DumpLogLevel.Warning, _settings.LoadName, string.Create(CultureInfo.InvariantCulture, $"{label}: {reason}; resubmitting once after {_settings.BusyDelayMicroseconds} µs."));
        if (_settings.BusyDelayMicroseconds > 0)
        {
            _context.Clock.Stall(_settings.BusyDelayMicroseconds);
        }
    }

    /// <summary>For example <c>ERR, ABRT (sense ABORTED COMMAND 0B/00/00)</c>.</summary>
    private static string DescribeDeviceError(IdeRequestBlock irb, SenseInfo sense) =>
        string.Create(CultureInfo.InvariantCulture, $"{AtaText.StatusAndError(irb.AtaStatus, irb.AtaError)} (status 0x{irb.AtaStatus:X2}, error 0x{irb.AtaError:X2}; sense {sense.KeyName} {sense.Key:X2}/{sense.Asc:X2}/{sense.Ascq:X2})");

    private AtaRequestResult Failure(AtaRequestLabel label, NtStatus status, string reason) => Failure(status, $"{label} failed: {reason}");

    /// <summary>A failure worded "load name: reason (miniport, adapter model[: fault])".</summary>
    /// <param name="status">The status to return.</param>
    /// <param name="reason">What went wrong.</param>
    /// <returns>The failed result.</returns>
    public AtaRequestResult Failure(NtStatus status, string reason) => new(status, $"{_settings.LoadName}: {reason} ({_context.DescribeAdapter()})");

    private AtaRequestResult RecordFault(string routine, Exception exception) =>
        Failure(DriverFault.StatusOf(exception), DriverFault.Describe(MiniportName, routine, exception));
}
