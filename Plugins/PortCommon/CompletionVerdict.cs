using DumpFramework.Abstractions;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>What a port makes of a completed request's status: each port reads its own status block (SRB status,
/// SCSI status and sense; IRB status and the ATA task file) and says which recovery rule applies.</summary>
internal enum VerdictKind
{
    /// <summary>Done; a media transfer that moved less than requested still fails.</summary>
    Success = 0,

    /// <summary>The device recovered the error itself (RECOVERED ERROR): done, counted and logged.</summary>
    Recovered = 1,

    /// <summary>The device or the miniport is busy: stall, then resubmit within the busy budget.</summary>
    Busy = 2,

    /// <summary>A transient condition (UNIT ATTENTION, ABORTED COMMAND, bus reset): retry within the retry budget.</summary>
    Retry = 3,

    /// <summary>The unit is becoming ready (NOT READY 04/01): stall the not-ready delay, then retry.</summary>
    RetryWhenReady = 4,

    /// <summary>A final failure with <see cref="CompletionVerdict.Status"/>.</summary>
    Fail = 5,

    /// <summary>The miniport threw while the port worked out the status (its REQUEST SENSE); the fault is recorded.</summary>
    MiniportFault = 6,
}

/// <summary>The verdict on one completion and the words for it.</summary>
/// <param name="Kind">Which rule applies.</param>
/// <param name="Status">The status of a <see cref="VerdictKind.Fail"/>.</param>
/// <param name="Reason">The completion described, for the log and failure messages (may be empty on success).</param>
internal readonly record struct CompletionVerdict(VerdictKind Kind, NtStatus Status, string Reason)
{
    /// <summary>Whether the condition is what every reset produces (UNIT ATTENTION 29/xx: power on or reset occurred),
    /// so its retry is logged as information, not as a warning.</summary>
    public bool Routine { get; init; }

    /// <summary>Done.</summary>
    /// <param name="reason">The completion, quoted if the transfer came back short.</param>
    /// <returns>The verdict.</returns>
    public static CompletionVerdict Success(string reason = "") => new(VerdictKind.Success, NtStatus.Success, reason);

    /// <summary>Busy: resubmit.</summary>
    /// <param name="reason">The busy status.</param>
    /// <returns>The verdict.</returns>
    public static CompletionVerdict Busy(string reason) => new(VerdictKind.Busy, NtStatus.Success, reason);

    /// <summary>Transient: retry.</summary>
    /// <param name="reason">The condition.</param>
    /// <returns>The verdict.</returns>
    public static CompletionVerdict Retry(string reason) => new(VerdictKind.Retry, NtStatus.Success, reason);

    /// <summary>Final failure.</summary>
    /// <param name="status">The status to return.</param>
    /// <param name="reason">The completion described.</param>
    /// <returns>The verdict.</returns>
    public static CompletionVerdict Fail(NtStatus status, string reason) => new(VerdictKind.Fail, status, reason);

    /// <summary>The miniport faulted; the executor holds the failure.</summary>
    public static CompletionVerdict Faulted => new(VerdictKind.MiniportFault, NtStatus.Success, string.Empty);
}
