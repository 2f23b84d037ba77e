namespace DumpFramework.Hardware.BusLogic;

/// <summary>
/// The command control block as the host adapter reads it, in both formats. Extended (32-bit, 40 bytes): 00 opcode,
/// 01 direction (bits 4:3) and tag bits, 02 CDB length, 03 sense length, 04 data length (LE), 08 data or SG list
/// address (LE), 0E host adapter status, 0F target status, 10 target, 11 LUN (bits 4:0 extended, 2:0 legacy with tag
/// bits above), 12 CDB (12 bytes), 24 sense address (LE). Legacy (24-bit): 01 holds LUN (2:0), direction (4:3) and target
/// (7:5), lengths and addresses are 24-bit big-endian at 04 and 07, statuses at 0E/0F, the CDB at 12 and the sense
/// right after the CDB.
/// </summary>
internal static class BusLogicCcb
{
    /// <summary>Bytes the host adapter reads of an extended CCB.</summary>
    public const int ExtendedLength = 40;

    /// <summary>Bytes of a legacy CCB up to the end of a 12-byte CDB.</summary>
    public const int LegacyLength = 30;

    /// <summary>Offset of the opcode.</summary>
    public const int Opcode = 0x00;

    /// <summary>Offset of the control byte holding the data direction in bits 4:3.</summary>
    public const int Control = 0x01;

    /// <summary>Offset of the CDB length.</summary>
    public const int CdbLength = 0x02;

    /// <summary>Offset of the sense length (0: 14 bytes, 1: no sense).</summary>
    public const int SenseLength = 0x03;

    /// <summary>Offset of the data length (the residual is written back here for residual opcodes).</summary>
    public const int DataLength = 0x04;

    /// <summary>Offset of the data or SG list address (extended).</summary>
    public const int DataAddress = 0x08;

    /// <summary>Offset of the data or SG list address (legacy).</summary>
    public const int LegacyDataAddress = 0x07;

    /// <summary>Offset of the host adapter status.</summary>
    public const int HostAdapterStatus = 0x0E;

    /// <summary>Offset of the target status.</summary>
    public const int TargetStatus = 0x0F;

    /// <summary>Offset of the target ID (extended).</summary>
    public const int TargetId = 0x10;

    /// <summary>Offset of the LUN byte (extended).</summary>
    public const int Lun = 0x11;

    /// <summary>Offset of the CDB.</summary>
    public const int Cdb = 0x12;

    /// <summary>The longest CDB a CCB carries.</summary>
    public const int MaximumCdbLength = 12;

    /// <summary>Offset of the sense buffer address (extended).</summary>
    public const int SenseAddress = 0x24;

    /// <summary>Initiator CCB, data pointer is the buffer.</summary>
    public const byte OpcodeInitiator = 0x00;

    /// <summary>Initiator CCB, data pointer is a scatter-gather list whose length is the data length.</summary>
    public const byte OpcodeInitiatorScatterGather = 0x02;

    /// <summary>Initiator CCB with the residual written back to the data length.</summary>
    public const byte OpcodeInitiatorResidual = 0x03;

    /// <summary>Scatter-gather initiator CCB with the residual written back.</summary>
    public const byte OpcodeInitiatorScatterGatherResidual = 0x04;

    /// <summary>Bus device reset of the addressed target.</summary>
    public const byte OpcodeBusDeviceReset = 0x81;

    /// <summary>Direction: taken from the CDB (not checked).</summary>
    public const int DirectionFromCdb = 0;

    /// <summary>Direction: data in, length checked.</summary>
    public const int DirectionIn = 1;

    /// <summary>Direction: data out, length checked.</summary>
    public const int DirectionOut = 2;

    /// <summary>Direction: no data.</summary>
    public const int DirectionNone = 3;

    /// <summary>Bytes of an extended SG element (length LE, address LE).</summary>
    public const int ExtendedSgElementLength = 8;

    /// <summary>Bytes of a legacy SG element (length and address, 24-bit big-endian).</summary>
    public const int LegacySgElementLength = 6;

    /// <summary>Sense bytes stored when the CCB's sense length is 0.</summary>
    public const int DefaultSenseLength = 14;
}
