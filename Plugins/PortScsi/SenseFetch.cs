namespace DumpFramework.Plugins.PortScsi;

/// <summary>How the port got (or failed to get) the sense data of a CHECK CONDITION.</summary>
internal enum SenseFetch
{
    /// <summary>Sense data was parsed (from autosense or the port's own REQUEST SENSE).</summary>
    Parsed = 0,

    /// <summary>No usable sense data; the request fails with the reason.</summary>
    Unavailable = 1,

    /// <summary>The miniport threw while the port issued REQUEST SENSE; the fault is recorded.</summary>
    Fault = 2,
}
