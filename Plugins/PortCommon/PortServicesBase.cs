using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// What the port library exports to a dump-mode miniport the same way on every bus: stalls on the
/// stack's clock, the one uncached extension, and the one outstanding request, whose completion the miniport signals
/// and the port's polling loop reads. Depends on the stack context only, never on the miniport, so the miniport can
/// take the services in its constructor.
/// </summary>
/// <typeparam name="TRequest">The request block (SRB, IRB).</typeparam>
internal abstract class PortServicesBase<TRequest>
    where TRequest : class
{
    private readonly UncachedExtensionAllocator _uncachedExtension;
    private TRequest? _current;

    /// <summary>Creates the services for one stack.</summary>
    /// <param name="context">The stack context (adapter, memory, clock).</param>
    /// <param name="allocator">DMA memory, usable only before crash mode.</param>
    /// <param name="log">The dump log.</param>
    /// <param name="settings">The port's settings: its load name (the log source) and the uncached extension's alignment.</param>
    protected PortServicesBase(DumpStackContext context, IDmaAllocator allocator, IDumpLog log, PortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(settings);
        Context = context;
        Log = log;
        LoadName = settings.LoadName;
        _uncachedExtension = new UncachedExtensionAllocator(allocator, log, settings.LoadName, settings.UncachedExtensionAlignment);
    }

    /// <summary>Whether the miniport has completed the request started last.</summary>
    public bool CurrentRequestCompleted { get; private set; }

    /// <summary>The stack context.</summary>
    protected DumpStackContext Context { get; }

    /// <summary>The dump log.</summary>
    protected IDumpLog Log { get; }

    /// <summary>The port's load name, the log source.</summary>
    protected string LoadName { get; }

    /// <summary>Marks <paramref name="request"/> as the one outstanding request and clears its completion.</summary>
    /// <param name="request">The request about to be started.</param>
    public virtual void BeginRequest(TRequest request)
    {
        _current = request;
        CurrentRequestCompleted = false;
    }

    /// <summary>Forgets the outstanding request (it completed or was abandoned).</summary>
    public void EndRequest() => _current = null;

    /// <summary>Stalls on the stack's clock (the time counts towards the request's timeout).</summary>
    /// <param name="microseconds">How long.</param>
    public void StallExecution(uint microseconds) => Context.Clock.Stall(microseconds);

    /// <summary>The one uncached extension (see <see cref="UncachedExtensionAllocator"/>).</summary>
    /// <param name="length">Bytes asked for.</param>
    /// <param name="below4GiB">Whether the adapter needs it below 4 GiB.</param>
    /// <returns>The buffer, or <see langword="null"/> (logged).</returns>
    protected IDmaBuffer? UncachedExtension(int length, bool below4GiB) => _uncachedExtension.Get(length, below4GiB);

    /// <summary>Records the miniport's completion of <paramref name="request"/>; a completion of anything but the
    /// outstanding request is logged and ignored.</summary>
    /// <param name="request">What the miniport completed.</param>
    /// <param name="notification">How it said so, e.g. <c>RequestComplete notified</c>.</param>
    /// <param name="kind"><c>SRB</c> or <c>IRB</c>.</param>
    protected void Complete(TRequest? request, string notification, string kind)
    {
        if (request is not null && ReferenceEquals(request, _current))
        {
            CurrentRequestCompleted = true;
            return;
        }

        Log.Record(DumpLogLevel.Warning, LoadName, request is null
            ? $"{notification} without an {kind}; ignored."
            : $"{notification} for an {kind} that is not outstanding; ignored.");
    }
}
