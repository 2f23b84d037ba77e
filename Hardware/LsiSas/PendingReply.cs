namespace DumpFramework.Hardware.LsiSas;

/// <summary>A reply the IOC has produced but not yet posted (it becomes visible after the completion latency).</summary>
internal struct PendingReply
{
    /// <summary>Device time (µs) at which the reply is posted.</summary>
    public ulong DueAt;

    /// <summary>Whether the reply is a context (turbo) reply rather than an address reply.</summary>
    public bool Turbo;

    /// <summary>The request's MsgContext (the turbo descriptor).</summary>
    public uint Context;

    /// <summary>Length of the address reply in bytes.</summary>
    public int Length;

    /// <summary>Whether this is the reply of a SCSI IO request (task management may terminate it).</summary>
    public bool IsScsiIo;

    /// <summary>The SCSI IO request's target.</summary>
    public byte TargetId;

    /// <summary>The SCSI IO request's LUN.</summary>
    public byte Lun;
}
