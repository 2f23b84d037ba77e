using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// One submission of one request, the way a dump port runs it with interrupts off: begin the request, start it, then
/// call the interrupt routine and stall until it completes or its timeout passes. The timeout is measured on the stall
/// clock since the start, so the miniport's own stalls count towards it, as they do in a real crash. Every miniport
/// entry point is called inside a catch so a faulty driver fails the request, not the host.
/// </summary>
/// <param name="context">The stack context (the stall clock).</param>
/// <param name="settings">The poll interval and the stall while a submission is held.</param>
/// <param name="statistics">RequestsStarted and Polls are counted here.</param>
/// <param name="diagnostics">How a miniport fault is worded.</param>
internal sealed class PolledExecutor(DumpStackContext context, PortSettings settings, DumpPortStatistics statistics, PortDiagnostics diagnostics)
{
    private const ulong MicrosecondsPerSecond = 1_000_000;

    /// <summary>The failure recorded by the last <see cref="AttemptOutcome.MiniportFault"/>.</summary>
    public PortRequestResult Fault { get; private set; }

    /// <summary>Submits the request once and polls it to an outcome.</summary>
    /// <param name="request">The request, prepared for (re)submission.</param>
    /// <param name="timeOutSeconds">Its TimeOutValue (at least one second is allowed).</param>
    /// <returns>How the submission ended.</returns>
    public AttemptOutcome Run(IPolledRequest request, uint timeOutSeconds)
    {
        var clock = context.Clock;
        ulong limit = Math.Max(1u, timeOutSeconds) * MicrosecondsPerSecond;
        ulong started = clock.ElapsedMicroseconds;
        while (request.HoldSubmission)
        {
            if (clock.ElapsedMicroseconds - started >= limit)
            {
                return AttemptOutcome.TimedOut;
            }

            clock.Stall(settings.BusyDelayMicroseconds == 0 ? settings.PollIntervalMicroseconds : settings.BusyDelayMicroseconds);
        }

        request.Begin();
        statistics.RequestsStarted++;
        try
        {
            try
            {
                if (!request.Start())
                {
                    // A miniport may complete a request it refuses (ataport's HwBuildIo does for a bad IRB).
                    return request.IsComplete ? AttemptOutcome.Completed : AttemptOutcome.NotAccepted;
                }
            }
            catch (Exception exception) when (DriverFault.IsDriverFault(exception))
            {
                Fault = diagnostics.Fault("HwStartIo", exception);
                return AttemptOutcome.MiniportFault;
            }

            started = clock.ElapsedMicroseconds;
            uint pollInterval = settings.PollIntervalMicroseconds;
            while (!request.IsComplete)
            {
                statistics.Polls++;
                try
                {
                    request.Interrupt();
                }
                catch (Exception exception) when (DriverFault.IsDriverFault(exception))
                {
                    Fault = diagnostics.Fault("HwInterrupt", exception);
                    return AttemptOutcome.MiniportFault;
                }

                if (request.IsComplete)
                {
                    break;
                }

                if (clock.ElapsedMicroseconds - started >= limit)
                {
                    return AttemptOutcome.TimedOut;
                }

                clock.Stall(pollInterval);
            }

            return AttemptOutcome.Completed;
        }
        finally
        {
            request.End();
        }
    }
}
