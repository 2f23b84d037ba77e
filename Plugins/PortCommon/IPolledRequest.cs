namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// The outstanding request as the <see cref="PolledExecutor"/> drives it: each port says how to hand it to its
/// miniport and how to tell it is done (storport: RequestComplete; scsiport: RequestComplete and NextRequest; ataport:
/// CompleteRequest, with submissions held while the miniport has declared the device busy).
/// </summary>
internal interface IPolledRequest
{
    /// <summary>Whether a submission must wait (AtaPortDeviceBusy until AtaPortDeviceReady).</summary>
    bool HoldSubmission { get; }

    /// <summary>Whether the request is done as far as the port's completion rule goes.</summary>
    bool IsComplete { get; }

    /// <summary>Marks the request as the one outstanding and clears its completion flags.</summary>
    void Begin();

    /// <summary>Hands the request to the miniport (HwStartIo, preceded by HwBuildIo where the port has one).</summary>
    /// <returns><see langword="false"/> when the miniport did not take it.</returns>
    bool Start();

    /// <summary>Calls the miniport's interrupt routine once.</summary>
    void Interrupt();

    /// <summary>Forgets the outstanding request (it completed or was abandoned).</summary>
    void End();
}
