using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// How a port words its failures and writes its log: a failure reads "load name: what failed: why (miniport, adapter
/// model[: adapter fault])", so LastError names every layer; log entries carry the load name as their source instead.
/// </summary>
/// <param name="loadName">The port's load name (the log source and the failure prefix).</param>
/// <param name="context">The stack context (miniport name, adapter description).</param>
/// <param name="log">The dump log.</param>
internal sealed class PortDiagnostics(string loadName, DumpStackContext context, IDumpLog log)
{
    /// <summary>The port's load name.</summary>
    public string LoadName => loadName;

    /// <summary>The miniport's load name for messages.</summary>
    public string MiniportName => context.MiniportName;

    /// <summary>A failure of the port, worded "load name: reason (miniport, adapter model: fault)".</summary>
    /// <param name="status">The status to return.</param>
    /// <param name="reason">What went wrong.</param>
    /// <returns>The failed result.</returns>
    public PortRequestResult Failure(NtStatus status, string reason) => new(status, $"{loadName}: {reason} ({context.DescribeAdapter()})");

    /// <summary>A failed request: "load name: label failed: reason (miniport, adapter)".</summary>
    /// <param name="label">The request.</param>
    /// <param name="status">The status to return.</param>
    /// <param name="reason">Why it failed.</param>
    /// <returns>The failed result.</returns>
    public PortRequestResult Failure(PortRequestLabel label, NtStatus status, string reason) => Failure(status, $"{label} failed: {reason}");

    /// <summary>A failure of the port itself (a caller mistake), without the adapter: "load name: message".</summary>
    /// <param name="status">The status to return.</param>
    /// <param name="message">What was wrong.</param>
    /// <returns>The failed result.</returns>
    public PortRequestResult Refusal(NtStatus status, string message) => new(status, $"{loadName}: {message}");

    /// <summary>A miniport routine that threw: the failure names the routine and the exception.</summary>
    /// <param name="routine">The routine, e.g. <c>HwStartIo</c>.</param>
    /// <param name="exception">What it threw.</param>
    /// <returns>The failed result.</returns>
    public PortRequestResult Fault(string routine, Exception exception) =>
        Failure(DriverFault.StatusOf(exception), DriverFault.Describe(context.MiniportName, routine, exception));

    /// <summary>Writes a log entry under the port's load name.</summary>
    /// <param name="level">The level.</param>
    /// <param name="message">The entry.</param>
    public void Record(DumpLogLevel level, string message) => log.Record(level, loadName, message);

    /// <summary>A message without its leading "load name: " (the log's source already says it).</summary>
    /// <param name="message">A failure message.</param>
    /// <returns>The message for the log.</returns>
    public string WithoutLoadName(string? message)
    {
        string prefix = loadName + ": ";
        return message is null ? string.Empty : message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }
}
