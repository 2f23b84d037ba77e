namespace DumpFramework.Abstractions.Scsi;

/// <summary>BUS_DATA_TYPE (<c>ntddk.h</c>, <c>miniport.h</c>): the configuration space ScsiPortGetBusData /
/// StorPortGetBusData read. A dump-stack adapter answers only <see cref="PCIConfiguration"/>.</summary>
public enum BusDataType
{
    /// <summary>ConfigurationSpaceUndefined.</summary>
    ConfigurationSpaceUndefined = -1,
    /// <summary>Cmos.</summary>
    Cmos = 0,
    /// <summary>EisaConfiguration.</summary>
    EisaConfiguration = 1,
    /// <summary>Pos (Micro Channel).</summary>
    Pos = 2,
    /// <summary>CbusConfiguration.</summary>
    CbusConfiguration = 3,
    /// <summary>PCIConfiguration: the function's PCI configuration space.</summary>
    PCIConfiguration = 4,
    /// <summary>VMEConfiguration.</summary>
    VMEConfiguration = 5,
    /// <summary>NuBusConfiguration.</summary>
    NuBusConfiguration = 6,
    /// <summary>PCMCIAConfiguration.</summary>
    PCMCIAConfiguration = 7,
    /// <summary>MPIConfiguration.</summary>
    MPIConfiguration = 8,
    /// <summary>MPSAConfiguration.</summary>
    MPSAConfiguration = 9,
    /// <summary>PNPISAConfiguration.</summary>
    PNPISAConfiguration = 10,
    /// <summary>SgiInternalConfiguration.</summary>
    SgiInternalConfiguration = 11,
}
