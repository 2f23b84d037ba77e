namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// The values of HW_INITIALIZATION_DATA.MapBuffers: which requests' data the port maps to a system virtual address
/// (<see cref="ScsiRequestBlock.DataView"/>) so the miniport can read or write the bytes itself, for example to answer
/// INQUIRY without the device or to move PIO data. scsiport knows only FALSE and TRUE (every data buffer); storport
/// reads the same field as the STOR_MAP_* values, since its miniports move read and write data by DMA.
/// </summary>
public enum StorMapBuffers
{
    /// <summary>STOR_MAP_NO_BUFFERS (scsiport FALSE): no request is mapped.</summary>
    NoBuffers = 0,
    /// <summary>STOR_MAP_ALL_BUFFERS (scsiport TRUE): scsiport maps every data buffer; storport treats it as
    /// <see cref="NonReadWriteBuffers"/>.</summary>
    AllBuffers = 1,
    /// <summary>STOR_MAP_NON_READ_WRITE_BUFFERS: every request's data except READ and WRITE (6, 10, 12, 16).</summary>
    NonReadWriteBuffers = 2,
    /// <summary>STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE: every request's data, READ and WRITE included.</summary>
    AllBuffersIncludingReadWrite = 3,
}
