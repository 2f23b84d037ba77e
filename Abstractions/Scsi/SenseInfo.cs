namespace DumpFramework.Abstractions.Scsi;

/// <summary>
/// The sense key, additional sense code and qualifier of SCSI sense data: what a port's retry rules and a vendor's
/// error handling look at. <see cref="TryParse"/> decodes fixed (0x70/0x71) and descriptor (0x72/0x73) format;
/// a SAT layer builds one directly from a translated ATA error.
/// </summary>
/// <param name="Key">Sense key (bits 3:0).</param>
/// <param name="Asc">Additional sense code.</param>
/// <param name="Ascq">Additional sense code qualifier.</param>
public readonly record struct SenseInfo(byte Key, byte Asc, byte Ascq)
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

    /// <summary>The SPC name of the sense key, for example <c>MEDIUM ERROR</c>; <c>SENSE KEY 0xC</c> for a reserved one.</summary>
    public string KeyName => Key switch
    {
        KeyNoSense => "NO SENSE",
        KeyRecoveredError => "RECOVERED ERROR",
        KeyNotReady => "NOT READY",
        KeyMediumError => "MEDIUM ERROR",
        KeyHardwareError => "HARDWARE ERROR",
        KeyIllegalRequest => "ILLEGAL REQUEST",
        KeyUnitAttention => "UNIT ATTENTION",
        KeyDataProtect => "DATA PROTECT",
        0x8 => "BLANK CHECK",
        0x9 => "VENDOR SPECIFIC",
        0xA => "COPY ABORTED",
        KeyAbortedCommand => "ABORTED COMMAND",
        0xD => "VOLUME OVERFLOW",
        0xE => "MISCOMPARE",
        _ => $"SENSE KEY 0x{Key:X}",
    };

    /// <summary>Parses sense bytes as a device returned them.</summary>
    /// <param name="bytes">The sense buffer, cut to the bytes the miniport or device reported.</param>
    /// <param name="sense">The parsed sense; default when there is none.</param>
    /// <returns><see langword="false"/> when the buffer holds no recognisable sense data.</returns>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out SenseInfo sense)
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
                sense = new SenseInfo((byte)(bytes[2] & 0x0F), bytes.Length > 12 ? bytes[12] : (byte)0, bytes.Length > 13 ? bytes[13] : (byte)0);
                return true;
            case 0x72:
            case 0x73:
                sense = new SenseInfo((byte)(bytes[1] & 0x0F), bytes[2], bytes.Length > 3 ? bytes[3] : (byte)0);
                return true;
            default:
                return false;
        }
    }

    /// <summary>For example <c>MEDIUM ERROR 11/00</c>.</summary>
    /// <returns>The key name, ASC and ASCQ.</returns>
    public override string ToString() => $"{KeyName} {Asc:X2}/{Ascq:X2}";
}
