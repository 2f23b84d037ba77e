namespace DumpFramework.Plugins.PortCommon;

/// <summary>How one submission of a request to the miniport ended, before its status is interpreted.</summary>
internal enum AttemptOutcome
{
    /// <summary>The miniport completed the request (and, where the port waits for it, asked for the next one).</summary>
    Completed = 0,

    /// <summary>The start routine returned FALSE without completing the request: handled like BUSY.</summary>
    NotAccepted = 1,

    /// <summary>The request did not complete within its TimeOutValue, counted in stall time.</summary>
    TimedOut = 2,

    /// <summary>A miniport entry point threw; the failure is recorded.</summary>
    MiniportFault = 3,
}
