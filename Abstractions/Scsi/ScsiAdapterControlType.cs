namespace DumpFramework.Abstractions.Scsi;

/// <summary>SCSI_ADAPTER_CONTROL_TYPE (<c>storport.h</c>, <c>srb.h</c>): what the port asks of
/// <see cref="IScsiMiniport.HwAdapterControl"/>. The dump port uses the first three; the others exist so a miniport
/// written against the Windows list compiles and answers them as it would there.</summary>
public enum ScsiAdapterControlType
{
    /// <summary>Report the control types the miniport implements (parameters: a <see cref="ScsiSupportedControlTypeList"/>).
    /// Asked once, after the adapter is initialized and before the first request.</summary>
    ScsiQuerySupportedControlTypes = 0,
    /// <summary>Quiesce the adapter into a state it can be restarted from, keeping the miniport's resources.</summary>
    ScsiStopAdapter = 1,
    /// <summary>Bring a stopped adapter back, as HwInitialize does, with every resource still in place.</summary>
    ScsiRestartAdapter = 2,
    /// <summary>Restore settings the firmware needs to reboot.</summary>
    ScsiSetBootConfig = 3,
    /// <summary>Restore settings the miniport needs before a restart.</summary>
    ScsiSetRunningConfig = 4,
    /// <summary>A registered power setting changed.</summary>
    ScsiPowerSettingNotification = 5,
    /// <summary>The adapter is powered on or off.</summary>
    ScsiAdapterPower = 6,
    /// <summary>Runtime power management: whether the adapter component needs power.</summary>
    ScsiAdapterPoFxPowerRequired = 7,
    /// <summary>Runtime power management: the adapter component is active or idle.</summary>
    ScsiAdapterPoFxPowerActive = 8,
    /// <summary>Runtime power management: set the adapter component's F-state.</summary>
    ScsiAdapterPoFxPowerSetFState = 9,
    /// <summary>Runtime power management: a private power control operation.</summary>
    ScsiAdapterPoFxPowerControl = 10,
    /// <summary>Power up the adapter and its devices for a bus enumeration.</summary>
    ScsiAdapterPrepareForBusReScan = 11,
    /// <summary>System power hints.</summary>
    ScsiAdapterSystemPowerHints = 12,
    /// <summary>Filter the adapter's resource requirements.</summary>
    ScsiAdapterFilterResourceRequirements = 13,
    /// <summary>Runtime power management: the maximum operational power.</summary>
    ScsiAdapterPoFxMaxOperationalPower = 14,
    /// <summary>Runtime power management: the outcome of a performance state change.</summary>
    ScsiAdapterPoFxSetPerfState = 15,
    /// <summary>The adapter was surprise-removed.</summary>
    ScsiAdapterSurpriseRemoval = 16,
    /// <summary>Report the adapter's serial number.</summary>
    ScsiAdapterSerialNumber = 17,
    /// <summary>A cryptographic operation (reserved for the system).</summary>
    ScsiAdapterCryptoOperation = 18,
    /// <summary>Report the ID of a field replaceable unit.</summary>
    ScsiAdapterQueryFruId = 19,
    /// <summary>An event channel was enabled or disabled.</summary>
    ScsiAdapterSetEventLogging = 20,
    /// <summary>ScsiAdapterControlMax: one past the last control type.</summary>
    ScsiAdapterControlMax = 21,
}
