namespace DumpFramework.Plugins.PortScsi;

/// <summary>The parts of SCSI sense data the port's retry policy looks at (fixed 0x70/0x71 or descriptor 0x72/0x73 format).</summary>
/// <param name="Key">Sense key (bits 3:0).</param>
/// <param name="Asc">Additional sense code.</param>
/// <param name="Ascq">Additional sense code qualifier.</param>
internal readonly record struct SenseData(byte Key, byte Asc, byte Ascq)
{
    /// <summary>NO SENSE.</summary>
    public const byte KeyNoSense = 0x0;

    /// <summary>RECOVERED ERROR.</summary>
    public const byte KeyRecoveredError = 0x1;

    /// <summary>NOT READY.</summary>
    public const byte KeyNotReady = 0x2;

    /// <summary>MEDIUM ERROR.</summary>
    public const byte KeyMediumError = 0x3;

    /// <summary>HARDWARE ERROR.</summary>
    public const byte KeyHardwareError = 0x4;

    /// <summary>ILLEGAL REQUEST.</summary>
    public const byte KeyIllegalRequest = 0x5;

    /// <summary>UNIT ATTENTION.</summary>
    public const byte KeyUnitAttention = 0x6;

    /// <summary>DATA PROTECT.</summary>
    public const byte KeyDataProtect = 0x7;

    /// <summary>ABORTED COMMAND.</summary>
    public const byte KeyAbortedCommand = 0xB;

    /// <summary>NOT READY 04/01: logical unit is in the process of becoming ready.</summary>
    public bool IsBecomingReady => Key == KeyNotReady && Asc == 0x04 && Ascq == 0x01;

    /// <summary>Parses sense bytes as a device returned them.</summary>
    /// <param name="bytes">The sense buffer, cut to the bytes the miniport or device reported.</param>
    /// <param name="sense">The parsed sense.</param>
    /// <returns><see langword="false"/> when the buffer holds no recognisable sense data.</returns>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out SenseData sense)
    {
        sense = default;
        if (bytes.Length < 3)
        {
            return false;
        }

        switch (bytes[0] & 0x7F)
        {
            case 0x70:
            case 0x71:
                // Fixed format: ASC/ASCQ only when the additional length reaches them.
                sense = new SenseData((byte)(bytes[2] & 0x0F), bytes.Length > 12 ? bytes[12] : (byte)0, bytes.Length > 13 ? bytes[13] : (byte)0);
                return true;
            case 0x72:
            case 0x73:
                sense = new SenseData((byte)(bytes[1] & 0x0F), bytes[2], bytes.Length > 3 ? bytes[3] : (byte)0);
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{ScsiText.SenseKey(Key)} {Asc:X2}/{Ascq:X2}";
}
