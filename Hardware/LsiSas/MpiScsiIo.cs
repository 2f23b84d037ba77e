namespace DumpFramework.Hardware.LsiSas;

/// <summary>SCSI_IO_REQUEST / reply layout constants and SCSIState bits.</summary>
internal static class MpiScsiIo
{
    /// <summary>Size of the request without its SGL.</summary>
    public const int RequestSize = 0x30;

    /// <summary>Size of the SCSI IO (address) reply.</summary>
    public const int ReplySize = 0x24;

    public const int MaximumCdbLength = 16;

    /// <summary>Control bits 25:24: data direction.</summary>
    public const uint ControlDirectionMask = 0x0300_0000;
    public const uint ControlNoData = 0x0000_0000;
    public const uint ControlWrite = 0x0100_0000;
    public const uint ControlRead = 0x0200_0000;

    /// <summary>Control bits 29:26: additional CDB length in dwords (CDBs beyond 16 bytes).</summary>
    public const uint ControlAdditionalCdbMask = 0x3C00_0000;

    /// <summary>Control bits 10:8: task attribute values.</summary>
    public const uint ControlSimpleQueue = 0x0000_0000;
    public const uint ControlHeadOfQueue = 0x0000_0100;
    public const uint ControlOrderedQueue = 0x0000_0200;

    /// <summary>MsgFlags bit 0: the sense buffer address is 64-bit (use SenseBufferHighAddr).</summary>
    public const byte MsgFlagsSense64 = 0x01;

    /// <summary>MsgFlags bit 1: the sense buffer is in IOC memory.</summary>
    public const byte MsgFlagsSenseInIoc = 0x02;

    public const byte StateAutosenseValid = 0x01;
    public const byte StateAutosenseFailed = 0x02;
    public const byte StateNoScsiStatus = 0x04;
    public const byte StateTerminated = 0x08;
}
