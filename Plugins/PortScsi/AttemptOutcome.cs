namespace DumpFramework.Plugins.PortScsi;

/// <summary>How one submission of an SRB to the miniport ended, before its status is interpreted.</summary>
internal enum AttemptOutcome
{
    /// <summary>The miniport completed the request (and, for scsiport, asked for the next one).</summary>
    Completed = 0,

    /// <summary>HwStartIo returned FALSE: the request was not accepted; handled like BUSY.</summary>
    NotAccepted = 1,

    /// <summary>The request did not complete within its TimeOutValue, counted in stall time.</summary>
    TimedOut = 2,

    /// <summary>A miniport entry point threw; the failure is recorded.</summary>
    MiniportFault = 3,
}
