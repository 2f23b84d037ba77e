namespace DumpFramework.Abstractions.Scsi;

/// <summary>SP_RETURN_*: the result of a miniport's find-adapter routine.</summary>
public enum SpReturn
{
    /// <summary>SP_RETURN_NOT_FOUND: no adapter here.</summary>
    NotFound = 0,
    /// <summary>SP_RETURN_FOUND: the adapter was found and configured.</summary>
    Found = 1,
    /// <summary>SP_RETURN_ERROR: the adapter is present but failed.</summary>
    Error = 2,
    /// <summary>SP_RETURN_BAD_CONFIG: the supplied configuration is unusable.</summary>
    BadConfig = 3,
}
