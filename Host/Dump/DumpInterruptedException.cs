namespace DumpFramework.Host.Dump;

/// <summary>The process was asked to stop (SIGINT, SIGTERM, SIGHUP); the loop stopped after the transfer in flight.</summary>
internal sealed class DumpInterruptedException : Exception
{
    public DumpInterruptedException()
        : base("interrupted")
    {
    }

    public DumpInterruptedException(string message)
        : base(message)
    {
    }

    public DumpInterruptedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
