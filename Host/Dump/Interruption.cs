namespace DumpFramework.Host.Dump;

/// <summary>The loops' view of a cancellation: checked between transfers, never in the middle of one.</summary>
internal static class Interruption
{
    /// <summary>Throws <see cref="DumpInterruptedException"/> once cancellation was requested.</summary>
    public static void ThrowIfInterrupted(this CancellationToken cancel)
    {
        if (cancel.IsCancellationRequested)
        {
            throw new DumpInterruptedException();
        }
    }
}
