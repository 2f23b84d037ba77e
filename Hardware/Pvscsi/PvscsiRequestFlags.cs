namespace DumpFramework.Hardware.Pvscsi;

/// <summary>PVSCSI_FLAG_CMD_* of a request descriptor (hardware-models.md §3.7).</summary>
[Flags]
internal enum PvscsiRequestFlags : uint
{
    /// <summary>No flags: direction taken from the CDB, data at a single address.</summary>
    None = 0,

    /// <summary>dataAddr points to an SG list instead of the data.</summary>
    WithSgList = 0x01,

    /// <summary>Reserved (out-of-band CDB); the model refuses it.</summary>
    OutOfBandCdb = 0x02,

    /// <summary>No data phase.</summary>
    DirectionNone = 0x04,

    /// <summary>Data-in (device to memory).</summary>
    DirectionToHost = 0x08,

    /// <summary>Data-out (memory to device).</summary>
    DirectionToDevice = 0x10,
}
