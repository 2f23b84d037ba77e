namespace DumpFramework.Host.Dump;

/// <summary>A dump or read-back failed; the message names the layer (filter, port, miniport, device) and the cause.</summary>
internal sealed class DumpFailedException : Exception
{
    public DumpFailedException(string message)
        : base(message)
    {
    }

    public DumpFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
