namespace DumpFramework.Host.Manifest;

/// <summary>What the host does when a filter's start, write or finish callback fails.</summary>
internal enum FilterErrorPolicy
{
    /// <summary>Stop the dump: writing past an encrypting filter that failed could leak plaintext.</summary>
    Abort = 0,

    /// <summary>Record the error and go on.</summary>
    Continue = 1,
}
