namespace DumpFramework.Hardware.Pvscsi;

/// <summary>One completion descriptor (PVSCSIRingCmpDesc) waiting to be written to the completion ring.</summary>
/// <param name="Context">The request's context, echoed.</param>
/// <param name="DataLength">Bytes transferred.</param>
/// <param name="SenseLength">Bytes of sense written to the request's senseAddr.</param>
/// <param name="HostStatus">The adapter's status.</param>
/// <param name="ScsiStatus">The target's SAM status.</param>
internal readonly record struct PvscsiCompletion(ulong Context, ulong DataLength, uint SenseLength, PvscsiHostStatus HostStatus, ushort ScsiStatus)
{
    /// <summary>A completion decided by the adapter alone: nothing transferred, no SCSI status.</summary>
    /// <param name="context">The request's context.</param>
    /// <param name="hostStatus">The adapter's status.</param>
    /// <returns>The completion.</returns>
    public static PvscsiCompletion FromAdapter(ulong context, PvscsiHostStatus hostStatus) => new(context, 0, 0, hostStatus, 0);
}
