namespace DumpFramework.Abstractions.Ata;

/// <summary>IDE_OPERATION_MODE.</summary>
public enum IdeOperationMode
{
    /// <summary>IdeModeNormal.</summary>
    Normal = 0,
    /// <summary>IdeModeDump: the limited, no-memory mode of hibernation and crash dump; no callbacks or registry.</summary>
    Dump = 1,
    /// <summary>IdeModeRemovableBay.</summary>
    RemovableBay = 2,
}
