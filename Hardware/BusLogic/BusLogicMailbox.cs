namespace DumpFramework.Hardware.BusLogic;

/// <summary>
/// The mailbox formats. An extended (32-bit) mailbox is 8 bytes: the CCB address (little-endian), then for an outgoing
/// mailbox three reserved bytes and the action code, for an incoming one the host adapter status, target status, a
/// reserved byte and the completion code. A legacy (ISA, 24-bit) mailbox is 4 bytes: the code, then the CCB address
/// big-endian. The incoming mailboxes follow the outgoing ones.
/// </summary>
internal static class BusLogicMailbox
{
    /// <summary>Bytes of an extended mailbox.</summary>
    public const int ExtendedLength = 8;

    /// <summary>Bytes of a legacy mailbox.</summary>
    public const int LegacyLength = 4;

    /// <summary>Outgoing action code: free (the host adapter took it).</summary>
    public const byte ActionFree = 0x00;

    /// <summary>Outgoing action code: start the CCB.</summary>
    public const byte ActionStart = 0x01;

    /// <summary>Outgoing action code: abort the CCB.</summary>
    public const byte ActionAbort = 0x02;

    /// <summary>Incoming completion code: free (the driver consumed it).</summary>
    public const byte CompletionFree = 0x00;

    /// <summary>Incoming completion code: completed without error.</summary>
    public const byte CompletionWithoutError = 0x01;

    /// <summary>Incoming completion code: aborted at the host's request.</summary>
    public const byte CompletionAborted = 0x02;

    /// <summary>Incoming completion code: the CCB to abort was not found.</summary>
    public const byte CompletionAbortNotFound = 0x03;

    /// <summary>Incoming completion code: completed with an error (host adapter or target status).</summary>
    public const byte CompletionWithError = 0x04;
}
