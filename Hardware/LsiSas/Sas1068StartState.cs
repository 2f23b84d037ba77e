namespace DumpFramework.Hardware.LsiSas;

/// <summary>The state the IOC is in when the emulated controller is created (what the dump miniport inherits).</summary>
public enum Sas1068StartState
{
    /// <summary>Freshly reset firmware: READY, no IOC_INIT yet.</summary>
    Ready = 0,

    /// <summary>Left OPERATIONAL by the boot-time driver, as at a real bugcheck: the dump miniport must reset it.</summary>
    Operational = 1,

    /// <summary>FAULTED (firmware fault code 0x0004): only a diagnostic reset or message unit reset recovers it.</summary>
    Faulted = 2,
}
