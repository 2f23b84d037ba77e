namespace DumpFramework.Abstractions.Ata;

/// <summary>IDE_CONTROL_ACTION for IdeHwControl.</summary>
public enum IdeControlAction
{
    /// <summary>IdeStart.</summary>
    Start = 0,
    /// <summary>IdeStop.</summary>
    Stop = 1,
    /// <summary>IdePowerUp.</summary>
    PowerUp = 2,
    /// <summary>IdePowerDown.</summary>
    PowerDown = 3,
    /// <summary>IdeVendorDefined.</summary>
    VendorDefined = 4,
}
