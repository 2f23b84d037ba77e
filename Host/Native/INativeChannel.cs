namespace DumpFramework.Host.Native;

/// <summary>
/// How the host reaches a native miniport's shim: a supervised worker process over a pipe and a shared arena
/// (<see cref="NativeMiniportWorker"/>), or the dump's own process, which a parent supervises
/// (<see cref="NativeInProcess"/>). Both speak the same messages (Native/shim/dumpfw_protocol.h).
/// </summary>
internal interface INativeChannel : IDisposable
{
    /// <summary>The arena file the shim maps; empty when the shim shares the host's memory.</summary>
    string ArenaPath { get; }

    /// <summary>Whether the shim sees the host's memory itself: DMA buffers are handed over by address, never copied.</summary>
    bool SharesMemory { get; }

    /// <summary>The data area (request data, the miniport dump data) as the host sees it.</summary>
    Span<byte> Arena(long offset, int length);

    /// <summary>What the shim is given for a data-area offset: the offset in the arena, or an address.</summary>
    ulong WorkerAddress(long offset);

    /// <summary>Runs one call and serves its callbacks (see <see cref="NativeMiniportWorker.Call"/>).</summary>
    byte[] Call(uint kind, ReadOnlySpan<byte> payload, string routine, NativeMiniportWorker.CallbackHandler callback, Action beforeSend, Action afterReceive);

    /// <summary>Counts stall time of the current call against the stall-time limit.</summary>
    void CountStall(uint microseconds);

    /// <summary>Ends the miniport with <paramref name="message"/> as its failure.</summary>
    NativeMiniportException Fail(string message);

    /// <summary>Removes the arena's file once the shim has mapped it.</summary>
    void RemoveArenaFile();
}
