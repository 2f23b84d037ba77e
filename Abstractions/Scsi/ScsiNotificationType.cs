namespace DumpFramework.Abstractions.Scsi;

/// <summary>SCSI_NOTIFICATION_TYPE: what a miniport tells the port through ScsiPortNotification / StorPortNotification.</summary>
public enum ScsiNotificationType
{
    /// <summary>RequestComplete: the SRB passed along is done.</summary>
    RequestComplete = 0,
    /// <summary>NextRequest: the adapter can take another request.</summary>
    NextRequest = 1,
    /// <summary>NextLuRequest: the logical unit can take another request.</summary>
    NextLuRequest = 2,
    /// <summary>ResetDetected: the bus was reset.</summary>
    ResetDetected = 3,
    /// <summary>CallDisableInterrupts.</summary>
    CallDisableInterrupts = 4,
    /// <summary>CallEnableInterrupts.</summary>
    CallEnableInterrupts = 5,
    /// <summary>RequestTimerCall: no effect in dump mode (there are no timers).</summary>
    RequestTimerCall = 6,
    /// <summary>BusChangeDetected.</summary>
    BusChangeDetected = 7,
    /// <summary>WMIEvent.</summary>
    WmiEvent = 8,
    /// <summary>WMIReregister.</summary>
    WmiReregister = 9,
    /// <summary>LinkUp.</summary>
    LinkUp = 10,
    /// <summary>LinkDown.</summary>
    LinkDown = 11,
    /// <summary>QueryTickCount.</summary>
    QueryTickCount = 12,
    /// <summary>BufferOverrunDetected.</summary>
    BufferOverrunDetected = 13,
    /// <summary>TraceNotification.</summary>
    TraceNotification = 14,
}
