namespace DumpFramework.Host.Native;

/// <summary>The native miniport's worker crashed, hung or broke the protocol: the message is the dump's failure,
/// e.g. <c>dump_contoso crashed: SIGSEGV at 0x0 (LsiStartIo+0x1c) while in HwStartIo</c>.</summary>
internal sealed class NativeMiniportException : Exception
{
    public NativeMiniportException(string message)
        : base(message)
    {
    }

    public NativeMiniportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
