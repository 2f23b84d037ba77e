using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>What one request has used of its recovery budgets so far.</summary>
internal struct RecoveryBudget
{
    /// <summary>Retries after transient conditions.</summary>
    public int Retries;

    /// <summary>Resubmissions after BUSY or a refused start.</summary>
    public int BusyResubmits;

    /// <summary>Resets (adapter re-initializations, channel resets) after a timeout.</summary>
    public int Resets;
}

/// <summary>
/// The dump-mode recovery rules both ports apply, per request: BUSY is resubmitted after a stall up to
/// <c>busy_resubmit_limit</c> times; transient conditions are retried up to <c>retry_limit</c> times (a unit becoming
/// ready after <c>not_ready_delay_microseconds</c>); one timeout per request earns a reset and a resubmission. There
/// is nobody to ask in a crash, so the budgets are finite and every step is logged.
/// </summary>
/// <param name="settings">Limits and delays.</param>
/// <param name="clock">The stall clock.</param>
/// <param name="statistics">BusyResubmits and Retries are counted here.</param>
/// <param name="diagnostics">Log and failure wording.</param>
internal sealed class RecoveryPolicy(PortSettings settings, IStallClock clock, DumpPortStatistics statistics, PortDiagnostics diagnostics)
{
    /// <summary>Resets per request: diskdump re-initializes the adapter once, ataport resets the channel once.</summary>
    public const int ResetBudget = 1;

    /// <summary>The sense-key rules (SPC sense keys, as classpnp maps them): RECOVERED ERROR is success, UNIT
    /// ATTENTION and ABORTED COMMAND are retried, NOT READY 04/01 is retried after the not-ready delay, and the rest fail.</summary>
    /// <param name="sense">The sense data (from the device, or translated from the ATA task file).</param>
    /// <param name="description">The completion described, sense included.</param>
    /// <returns>The verdict.</returns>
    public static CompletionVerdict ForSense(SenseInfo sense, string description) => sense.Key switch
    {
        SenseInfo.KeyRecoveredError => new(VerdictKind.Recovered, NtStatus.Success, description),
        // 29/xx: power on, reset or bus device reset occurred: expected after the takeover's reset.
        SenseInfo.KeyUnitAttention when sense.Asc == 0x29 => CompletionVerdict.Retry(description) with { Routine = true },
        SenseInfo.KeyUnitAttention or SenseInfo.KeyAbortedCommand => CompletionVerdict.Retry(description),
        // 04/01: the logical unit is in the process of becoming ready.
        SenseInfo.KeyNotReady when sense is { Asc: 0x04, Ascq: 0x01 } => new(VerdictKind.RetryWhenReady, NtStatus.Success, description),
        SenseInfo.KeyNotReady => CompletionVerdict.Fail(NtStatus.DeviceNotReady, description),
        SenseInfo.KeyDataProtect => CompletionVerdict.Fail(NtStatus.MediaWriteProtected, description),
        SenseInfo.KeyMediumError => CompletionVerdict.Fail(NtStatus.DataError, description),
        _ => CompletionVerdict.Fail(NtStatus.IoDeviceError, description),
    };

    /// <summary>Stalls and allows one more submission of a busy request, or fails it when the budget is spent.</summary>
    /// <param name="budget">The request's budget.</param>
    /// <param name="label">The request.</param>
    /// <param name="reason">Why it is busy.</param>
    /// <param name="failure">The failure when the budget is spent.</param>
    /// <returns><see langword="true"/> to resubmit.</returns>
    public bool TryResubmitBusy(ref RecoveryBudget budget, PortRequestLabel label, string reason, out PortRequestResult failure)
    {
        if (budget.BusyResubmits >= settings.BusyResubmitLimit)
        {
            failure = diagnostics.Failure(label, NtStatus.DeviceBusy, string.Create(CultureInfo.InvariantCulture, $"still busy after {budget.BusyResubmits} resubmissions: {reason}"));
            return false;
        }

        budget.BusyResubmits++;
        statistics.BusyResubmits++;
        if (budget.BusyResubmits == 1)
        {
            // Log the first of a run only: a busy device can bounce a request hundreds of times.
            diagnostics.Record(DumpLogLevel.Warning, string.Create(CultureInfo.InvariantCulture, $"{label}: {reason}; resubmitting after {settings.BusyDelayMicroseconds} µs (at most {settings.BusyResubmitLimit} times)."));
        }

        if (settings.BusyDelayMicroseconds > 0)
        {
            clock.Stall(settings.BusyDelayMicroseconds);
        }

        failure = PortRequestResult.Succeeded;
        return true;
    }

    /// <summary>Stalls (after NOT READY 04/01) and allows one more try of a request that met a transient condition,
    /// or fails it when the budget is spent.</summary>
    /// <param name="budget">The request's budget.</param>
    /// <param name="label">The request.</param>
    /// <param name="reason">The condition.</param>
    /// <param name="becomingReady">Whether the unit is becoming ready (stall the not-ready delay first).</param>
    /// <param name="routine">Whether the condition is what every reset produces (logged as information).</param>
    /// <param name="failure">The failure when the budget is spent.</param>
    /// <returns><see langword="true"/> to retry.</returns>
    public bool TryRetry(ref RecoveryBudget budget, PortRequestLabel label, string reason, bool becomingReady, bool routine, out PortRequestResult failure)
    {
        if (budget.Retries >= settings.RetryLimit)
        {
            string retries = budget.Retries == 1 ? "retry" : "retries";
            failure = diagnostics.Failure(label, NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"failed after {budget.Retries} {retries}: {reason}"));
            return false;
        }

        budget.Retries++;
        statistics.Retries++;
        diagnostics.Record(routine ? DumpLogLevel.Information : DumpLogLevel.Warning, string.Create(CultureInfo.InvariantCulture, $"{label}: {reason}; retry {budget.Retries} of {settings.RetryLimit}."));
        if (becomingReady && settings.NotReadyDelayMicroseconds > 0)
        {
            clock.Stall(settings.NotReadyDelayMicroseconds);
        }

        failure = PortRequestResult.Succeeded;
        return true;
    }

    /// <summary>A completion that counts as success, unless a media transfer came back short.</summary>
    /// <param name="budget">The request's budget (for the log).</param>
    /// <param name="label">The request.</param>
    /// <param name="transferred">Bytes the miniport reports moved.</param>
    /// <param name="requested">Bytes asked for.</param>
    /// <param name="reason">The completion described, quoted in a short-transfer failure.</param>
    /// <returns>Success, or the short-transfer failure.</returns>
    public PortRequestResult Completed(in RecoveryBudget budget, PortRequestLabel label, uint transferred, uint requested, string reason)
    {
        if (label.IsMediaTransfer && transferred < requested)
        {
            string detail = reason.Length == 0 ? string.Empty : $" ({reason})";
            return diagnostics.Failure(label, NtStatus.IoDeviceError, string.Create(CultureInfo.InvariantCulture, $"short transfer: {transferred} of {requested} bytes{detail}"));
        }

        if (budget.BusyResubmits > 1)
        {
            diagnostics.Record(DumpLogLevel.Information, string.Create(CultureInfo.InvariantCulture, $"{label} completed after {budget.BusyResubmits} busy resubmissions."));
        }

        return PortRequestResult.Succeeded;
    }
}
