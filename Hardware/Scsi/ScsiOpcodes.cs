namespace DumpFramework.Hardware.Scsi;

/// <summary>SCSI operation codes (SPC/SBC) the disk target implements, for transports and tests that build CDBs.</summary>
public static class ScsiOpcodes
{
    /// <summary>TEST UNIT READY.</summary>
    public const byte TestUnitReady = 0x00;
    /// <summary>REQUEST SENSE.</summary>
    public const byte RequestSense = 0x03;
    /// <summary>READ(6).</summary>
    public const byte Read6 = 0x08;
    /// <summary>WRITE(6).</summary>
    public const byte Write6 = 0x0A;
    /// <summary>INQUIRY.</summary>
    public const byte Inquiry = 0x12;
    /// <summary>MODE SELECT(6).</summary>
    public const byte ModeSelect6 = 0x15;
    /// <summary>MODE SENSE(6).</summary>
    public const byte ModeSense6 = 0x1A;
    /// <summary>START STOP UNIT.</summary>
    public const byte StartStopUnit = 0x1B;
    /// <summary>PREVENT ALLOW MEDIUM REMOVAL.</summary>
    public const byte PreventAllowMediumRemoval = 0x1E;
    /// <summary>READ CAPACITY(10).</summary>
    public const byte ReadCapacity10 = 0x25;
    /// <summary>READ(10).</summary>
    public const byte Read10 = 0x28;
    /// <summary>WRITE(10).</summary>
    public const byte Write10 = 0x2A;
    /// <summary>VERIFY(10).</summary>
    public const byte Verify10 = 0x2F;
    /// <summary>SYNCHRONIZE CACHE(10).</summary>
    public const byte SynchronizeCache10 = 0x35;
    /// <summary>MODE SELECT(10).</summary>
    public const byte ModeSelect10 = 0x55;
    /// <summary>MODE SENSE(10).</summary>
    public const byte ModeSense10 = 0x5A;
    /// <summary>READ(16).</summary>
    public const byte Read16 = 0x88;
    /// <summary>WRITE(16).</summary>
    public const byte Write16 = 0x8A;
    /// <summary>VERIFY(16).</summary>
    public const byte Verify16 = 0x8F;
    /// <summary>SYNCHRONIZE CACHE(16).</summary>
    public const byte SynchronizeCache16 = 0x91;
    /// <summary>SERVICE ACTION IN(16); with service action <see cref="ReadCapacity16ServiceAction"/> it is READ CAPACITY(16).</summary>
    public const byte ServiceActionIn16 = 0x9E;
    /// <summary>The SERVICE ACTION IN(16) service action of READ CAPACITY(16).</summary>
    public const byte ReadCapacity16ServiceAction = 0x10;
    /// <summary>REPORT LUNS.</summary>
    public const byte ReportLuns = 0xA0;
    /// <summary>READ(12).</summary>
    public const byte Read12 = 0xA8;
    /// <summary>WRITE(12).</summary>
    public const byte Write12 = 0xAA;

    /// <summary>The CDB length the operation code's group implies (6, 10, 12 or 16), or 0 for reserved and
    /// vendor-specific groups.</summary>
    /// <param name="opcode">The operation code.</param>
    /// <returns>The CDB length in bytes.</returns>
    public static int GetCdbLength(byte opcode) => (opcode >> 5) switch
    {
        0 => 6,
        1 or 2 => 10,
        4 => 16,
        5 => 12,
        _ => 0,
    };
}
