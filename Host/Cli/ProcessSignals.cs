using System.Runtime.InteropServices;

namespace DumpFramework.Host.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP during a dump, read or extract: the first one is caught and cancels <see cref="Token"/>,
/// so the loop stops after the transfer in flight, the command says so, removes what it would leave half-written and
/// exits with 128 + the signal's number (130, 143, 129). A second signal takes the default action (the process ends at
/// once), so a stuck driver can still be stopped.
/// </summary>
internal sealed class ProcessSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    private ProcessSignals()
    {
    }

    /// <summary>A gate no signal reaches (in-process runs: the test host keeps its own handlers).</summary>
    public static ProcessSignals None => new();

    /// <summary>Cancelled at the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The exit code for the signal received (128 + its number), or null when none came.</summary>
    public int? ExitCode => Volatile.Read(ref _signal) is var signal and not 0 ? 128 + signal : null;

    /// <summary>The name of the signal received, e.g. SIGINT.</summary>
    public string? SignalName => Volatile.Read(ref _signal) switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => null,
    };

    /// <summary>Catches SIGINT, SIGTERM and SIGHUP for this process until disposed.</summary>
    public static ProcessSignals Install()
    {
        var signals = new ProcessSignals();
        foreach (var (signal, number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1) })
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, context => signals.Handle(context, number)));
        }

        return signals;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void Handle(PosixSignalContext context, int number)
    {
        if (Interlocked.CompareExchange(ref _signal, number, 0) != 0)
        {
            // The second signal: default action.
            return;
        }

        context.Cancel = true;
        _cancel.Cancel();
    }
}
