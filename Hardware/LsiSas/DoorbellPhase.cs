namespace DumpFramework.Hardware.LsiSas;

/// <summary>Where the doorbell handshake stands.</summary>
internal enum DoorbellPhase
{
    /// <summary>No handshake: doorbell writes are functions.</summary>
    Idle,

    /// <summary>Collecting request dwords: each doorbell write is the next dword.</summary>
    Receiving,

    /// <summary>Returning the reply: each doorbell read yields the next 16-bit word.</summary>
    Replying,
}
