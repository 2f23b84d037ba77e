using System.Globalization;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// Runs one request at a time to a final outcome: submits it through the <see cref="PolledExecutor"/>, lets the port
/// read the completion into a <see cref="CompletionVerdict"/>, and applies the <see cref="RecoveryPolicy"/> (busy
/// resubmission, retries, one reset per request on a timeout). A port supplies its request block, how the miniport
/// is driven, how a completion is read and how the adapter is recovered after a hang.
/// </summary>
/// <typeparam name="TRequest">The request block (SRB, IRB).</typeparam>
internal abstract class PolledRequestEngine<TRequest> : IPolledRequest
    where TRequest : class
{
    private readonly PolledExecutor _executor;
    private TRequest? _current;

    /// <summary>Creates the engine.</summary>
    /// <param name="context">The stack context.</param>
    /// <param name="settings">The port's settings.</param>
    /// <param name="statistics">The counters to keep.</param>
    /// <param name="diagnostics">Log and failure wording.</param>
    protected PolledRequestEngine(DumpStackContext context, PortSettings settings, DumpPortStatistics statistics, PortDiagnostics diagnostics)
    {
        Context = context;
        Settings = settings;
        Statistics = statistics;
        Diagnostics = diagnostics;
        Policy = new RecoveryPolicy(settings, context.Clock, statistics, diagnostics);
        _executor = new PolledExecutor(context, settings, statistics, diagnostics);
    }

    /// <summary>Log and failure wording.</summary>
    public PortDiagnostics Diagnostics { get; }

    /// <summary>The miniport's load name for messages.</summary>
    public string MiniportName => Context.MiniportName;

    /// <summary>Every request's TimeOutValue: the host's request timeout, at least one second.</summary>
    public uint RequestTimeOutSeconds => Math.Max(1, Context.RequestTimeoutSeconds);

    /// <inheritdoc/>
    public abstract bool HoldSubmission { get; }

    /// <inheritdoc/>
    public abstract bool IsComplete { get; }

    /// <summary>The stack context.</summary>
    protected DumpStackContext Context { get; }

    /// <summary>The port's settings.</summary>
    protected PortSettings Settings { get; }

    /// <summary>The port's counters.</summary>
    protected DumpPortStatistics Statistics { get; }

    /// <summary>The recovery rules.</summary>
    protected RecoveryPolicy Policy { get; }

    /// <summary>The request being submitted.</summary>
    protected TRequest Current => _current ?? throw new InvalidOperationException("No request is being submitted.");

    /// <summary>The failure recorded when the miniport last threw.</summary>
    protected PortRequestResult LastFault => _executor.Fault;

    /// <summary>How the port words the adapter's recovery after a first timeout, e.g. <c>the adapter was re-initialized</c>.</summary>
    protected abstract string RecoveryDone { get; }

    /// <summary>Calls a miniport routine; an exception becomes a failed result naming the routine.</summary>
    /// <typeparam name="T">The routine's result.</typeparam>
    /// <param name="routine">Its name.</param>
    /// <param name="call">The call.</param>
    /// <param name="value">The result when it returned.</param>
    /// <param name="failure">The failure when it threw.</param>
    /// <returns><see langword="true"/> when the routine returned.</returns>
    public bool TryCall<T>(string routine, Func<T> call, out T value, out PortRequestResult failure)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            value = call();
            failure = PortRequestResult.Succeeded;
            return true;
        }
        catch (Exception exception) when (DriverFault.IsDriverFault(exception))
        {
            value = default!;
            failure = Diagnostics.Fault(routine, exception);
            return false;
        }
    }

    /// <summary>Runs a prepared request to a final outcome under the recovery rules.</summary>
    /// <param name="request">The prepared request.</param>
    /// <param name="label">What it is, for messages.</param>
    /// <returns>Success, or the failure with a message naming the command, the status and the adapter.</returns>
    public PortRequestResult Execute(TRequest request, PortRequestLabel label)
    {
        uint requested = DataTransferLength(request);
        var budget = default(RecoveryBudget);
        for (;;)
        {
            switch (Attempt(request, requested))
            {
                case AttemptOutcome.MiniportFault:
                    return LastFault;
                case AttemptOutcome.TimedOut:
                    var timeout = HandleTimeout(request, label, ref budget);
                    if (!timeout.IsSuccess)
                    {
                        return timeout;
                    }

                    continue;
                case AttemptOutcome.NotAccepted:
                    if (!Policy.TryResubmitBusy(ref budget, label, "HwStartIo did not accept the request", out var refused))
                    {
                        return refused;
                    }

                    continue;
                default:
                    break;
            }

            var verdict = Interpret(request, label, requested);
            PortRequestResult failure;
            switch (verdict.Kind)
            {
                case VerdictKind.Success:
                    return Policy.Completed(budget, label, DataTransferLength(request), requested, verdict.Reason);
                case VerdictKind.Recovered:
                    Statistics.RecoveredErrors++;
                    Diagnostics.Record(DumpLogLevel.Information, $"{label}: {verdict.Reason}; the device recovered, treated as success.");
                    return Policy.Completed(budget, label, DataTransferLength(request), requested, verdict.Reason);
                case VerdictKind.Busy:
                    if (!Policy.TryResubmitBusy(ref budget, label, verdict.Reason, out failure))
                    {
                        return failure;
                    }

                    continue;
                case VerdictKind.Retry:
                case VerdictKind.RetryWhenReady:
                    if (!Policy.TryRetry(ref budget, label, verdict.Reason, verdict.Kind == VerdictKind.RetryWhenReady, verdict.Routine, out failure))
                    {
                        return failure;
                    }

                    continue;
                case VerdictKind.MiniportFault:
                    return LastFault;
                default:
                    return Diagnostics.Failure(label, verdict.Status, verdict.Reason);
            }
        }
    }

    /// <inheritdoc/>
    public void Begin() => BeginRequest(Current);

    /// <inheritdoc/>
    public bool Start() => StartRequest(Current);

    /// <inheritdoc/>
    public abstract void Interrupt();

    /// <inheritdoc/>
    public abstract void End();

    /// <summary>One submission of <paramref name="request"/>, its per-attempt fields reset first.</summary>
    /// <param name="request">The request.</param>
    /// <param name="requested">Bytes to move (restored on every submission: a miniport lowers it on a short transfer).</param>
    /// <returns>How the submission ended.</returns>
    protected AttemptOutcome Attempt(TRequest request, uint requested)
    {
        PrepareAttempt(request, requested);
        _current = request;
        var outcome = _executor.Run(this, RequestTimeOutSeconds);
        AfterAttempt();
        return outcome;
    }

    /// <summary>The request's DataTransferLength.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Bytes.</returns>
    protected abstract uint DataTransferLength(TRequest request);

    /// <summary>Resets the status fields to PENDING and restores the length before a (re)submission.</summary>
    /// <param name="request">The request.</param>
    /// <param name="requested">Bytes to move.</param>
    protected abstract void PrepareAttempt(TRequest request, uint requested);

    /// <summary>Marks the request outstanding in the port services.</summary>
    /// <param name="request">The request.</param>
    protected abstract void BeginRequest(TRequest request);

    /// <summary>Hands the request to the miniport.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="false"/> when the miniport did not take it.</returns>
    protected abstract bool StartRequest(TRequest request);

    /// <summary>Runs after every submission (scsiport collects ResetDetected notifications here).</summary>
    protected virtual void AfterAttempt()
    {
    }

    /// <summary>Reads a completed request's status into a verdict.</summary>
    /// <param name="request">The completed request.</param>
    /// <param name="label">What it is.</param>
    /// <param name="requested">Bytes asked for.</param>
    /// <returns>The verdict.</returns>
    protected abstract CompletionVerdict Interpret(TRequest request, PortRequestLabel label, uint requested);

    /// <summary>What did not happen in time, e.g. <c>did not complete</c>.</summary>
    /// <param name="request">The request that timed out.</param>
    /// <returns>The words.</returns>
    protected virtual string DescribeHang(TRequest request) => "did not complete";

    /// <summary>The recovery after a first timeout (bus reset and adapter re-initialization, or channel reset).</summary>
    /// <param name="request">The hung request.</param>
    /// <param name="label">What it is.</param>
    /// <param name="hang">The timeout described.</param>
    /// <returns>Success to resubmit, or why the adapter could not be recovered.</returns>
    protected abstract PortRequestResult RecoverAfterTimeout(TRequest request, PortRequestLabel label, string hang);

    /// <summary>What the port does with a request that timed out again before it fails it (nothing by default).</summary>
    /// <param name="request">The hung request.</param>
    /// <param name="label">What it is.</param>
    /// <param name="hang">The timeout described.</param>
    protected virtual void AbandonAfterTimeout(TRequest request, PortRequestLabel label, string hang)
    {
    }

    /// <summary>Counts a timeout; the first of a request recovers the adapter so the request can be resubmitted, the
    /// second fails it with STATUS_IO_TIMEOUT.</summary>
    private PortRequestResult HandleTimeout(TRequest request, PortRequestLabel label, ref RecoveryBudget budget)
    {
        Statistics.Timeouts++;
        string hang = string.Create(CultureInfo.InvariantCulture, $"{label} {DescribeHang(request)} within {RequestTimeOutSeconds} s of stall time");
        if (budget.Resets >= RecoveryPolicy.ResetBudget)
        {
            AbandonAfterTimeout(request, label, hang);
            return Diagnostics.Failure(label, NtStatus.IoTimeout, $"timed out again after {RecoveryDone} ({hang})");
        }

        budget.Resets++;
        return RecoverAfterTimeout(request, label, hang);
    }
}
