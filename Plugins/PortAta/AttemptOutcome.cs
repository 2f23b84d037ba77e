namespace DumpFramework.Plugins.PortAta;

/// <summary>How one submission of an IRB ended.</summary>
internal enum AttemptOutcome
{
    /// <summary>The miniport completed the IRB; its status says how.</summary>
    Completed = 0,

    /// <summary>BuildIo or StartIo refused the IRB without completing it.</summary>
    NotAccepted,

    /// <summary>The IRB did not complete within its timeout in stall time.</summary>
    TimedOut,

    /// <summary>A miniport routine threw.</summary>
    MiniportFault,
}
