namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// A SCSI port or Storport miniport (HwScsi* / HwStor* entry points). In the dump stack all of it runs polled:
/// the port calls <see cref="HwInterrupt"/> in a loop with stalls in between, and no timer, DPC or interrupt exists.
/// The miniport reaches the port through the services it links against (<see cref="IScsiPortServices"/> or
/// <see cref="IStorPortServices"/>), taken as a constructor dependency.
/// </summary>
public interface IScsiMiniport
{
    /// <summary>What the miniport registered in DriverEntry.</summary>
    HwInitializationData InitializationData { get; }

    /// <summary>HwFindAdapter: locate and configure the adapter described by <paramref name="configuration"/>.</summary>
    /// <param name="configuration">The saved port configuration; the miniport fills its limits.</param>
    /// <param name="argumentString">The argument string; contains <c>dump=1</c> in the dump stack.</param>
    /// <param name="again">Set to ask to be called again for another adapter (ignored in dump mode).</param>
    /// <returns>SP_RETURN_*.</returns>
    SpReturn HwFindAdapter(PortConfiguration configuration, string argumentString, out bool again);

    /// <summary>HwInitialize: bring the adapter to a usable state synchronously (no later interrupt or timer may be relied on).</summary>
    /// <returns><see langword="true"/> on success.</returns>
    bool HwInitialize();

    /// <summary>HwBuildIo (storport): prepare a request before <see cref="HwStartIo"/>, without the adapter's
    /// synchronisation (build the scatter/gather list, translate the CDB). Storport calls it for every request; the
    /// scsiport binding has no such routine and does not. Returning <see langword="false"/> means the miniport completed
    /// the request itself (it notified <see cref="ScsiNotificationType.RequestComplete"/>), and the port does not call
    /// <see cref="HwStartIo"/> for it. Optional: the default passes every request on.</summary>
    /// <param name="srb">The request.</param>
    /// <returns><see langword="true"/> to go on to <see cref="HwStartIo"/>.</returns>
    bool HwBuildIo(ScsiRequestBlock srb) => true;

    /// <summary>HwStartIo: start a request. Return <see langword="true"/> once accepted; completion is signalled with
    /// <see cref="ScsiNotificationType.RequestComplete"/> (and <see cref="ScsiNotificationType.NextRequest"/>).</summary>
    /// <param name="srb">The request.</param>
    /// <returns><see langword="true"/> when the request was accepted.</returns>
    bool HwStartIo(ScsiRequestBlock srb);

    /// <summary>HwInterrupt: called by the dump port in its polling loop. Services the adapter and completes requests.</summary>
    /// <returns><see langword="true"/> if the adapter had something to service.</returns>
    bool HwInterrupt();

    /// <summary>HwResetBus: reset the bus. In dump mode a miniport should ignore it and return <see langword="true"/>.</summary>
    /// <param name="pathId">The bus.</param>
    /// <returns><see langword="true"/> on success.</returns>
    bool HwResetBus(byte pathId);

    /// <summary>HwAdapterControl (HwScsiAdapterControl / HwStorAdapterControl): synchronous control of the adapter's
    /// state. The port asks <see cref="ScsiAdapterControlType.ScsiQuerySupportedControlTypes"/> once, after the adapter
    /// is initialized, and afterwards only for the types reported. To recover an adapter after a request timed out, it
    /// uses <see cref="ScsiAdapterControlType.ScsiStopAdapter"/> then <see cref="ScsiAdapterControlType.ScsiRestartAdapter"/>
    /// when both are supported, and otherwise <see cref="HwFindAdapter"/> and <see cref="HwInitialize"/> again, as storport
    /// restarts a miniport without the routine. Optional: the default supports nothing and answers
    /// <see cref="ScsiAdapterControlStatus.ScsiAdapterControlUnsuccessful"/>.</summary>
    /// <param name="controlType">The operation.</param>
    /// <param name="parameters">Its parameters: a <see cref="ScsiSupportedControlTypeList"/> for
    /// <see cref="ScsiAdapterControlType.ScsiQuerySupportedControlTypes"/>, <see langword="null"/> for stop and restart.</param>
    /// <returns>Whether the operation was carried out.</returns>
    ScsiAdapterControlStatus HwAdapterControl(ScsiAdapterControlType controlType, object? parameters) => ScsiAdapterControlStatus.ScsiAdapterControlUnsuccessful;
}
