using System.Buffers.Binary;

namespace DumpFramework.Hardware.Scsi;

/// <summary>Builds and reads SCSI sense data. The target produces fixed format (response code 0x70, 18 bytes),
/// which Windows class drivers understand; the readers also accept descriptor format (0x72).</summary>
public static class SenseData
{
    /// <summary>The length of fixed-format sense data.</summary>
    public const int FixedLength = 18;

    /// <summary>Response code of current errors in fixed format.</summary>
    public const byte FixedCurrent = 0x70;

    /// <summary>Creates fixed-format sense data.</summary>
    /// <param name="key">The sense key.</param>
    /// <param name="asc">Additional sense code.</param>
    /// <param name="ascq">Additional sense code qualifier.</param>
    /// <param name="information">The INFORMATION field (e.g. the failing LBA); marked VALID only when it fits in
    /// 32 bits, as SBC requires for fixed format.</param>
    /// <returns>18 bytes of sense data.</returns>
    public static byte[] Create(SenseKey key, byte asc, byte ascq, ulong? information = null)
    {
        var sense = new byte[FixedLength];
        sense[0] = FixedCurrent;
        sense[2] = (byte)((int)key & 0x0F);
        sense[7] = FixedLength - 8;
        sense[12] = asc;
        sense[13] = ascq;
        if (information is { } value && value <= uint.MaxValue)
        {
            sense[0] |= 0x80;
            BinaryPrimitives.WriteUInt32BigEndian(sense.AsSpan(3), (uint)value);
        }

        return sense;
    }

    /// <summary>Creates ILLEGAL REQUEST sense data whose sense-key-specific field points at the offending byte
    /// (and optionally bit) of the CDB or of the parameter list.</summary>
    /// <param name="asc">Additional sense code, e.g. 0x24 (invalid field in CDB) or 0x26 (invalid field in parameter list).</param>
    /// <param name="ascq">Additional sense code qualifier.</param>
    /// <param name="inCdb">Whether the field is in the CDB (C/D = 1) rather than the parameter data.</param>
    /// <param name="fieldPointer">The offending byte.</param>
    /// <param name="bitPointer">The offending bit (0-7), if known.</param>
    /// <returns>18 bytes of sense data.</returns>
    public static byte[] CreateIllegalRequest(byte asc, byte ascq, bool inCdb, int fieldPointer, int? bitPointer = null)
    {
        var sense = Create(SenseKey.IllegalRequest, asc, ascq);
        byte flags = 0x80;
        if (inCdb)
        {
            flags |= 0x40;
        }

        if (bitPointer is { } bit)
        {
            flags |= (byte)(0x08 | (bit & 0x07));
        }

        sense[15] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(sense.AsSpan(16), (ushort)fieldPointer);
        return sense;
    }

    /// <summary>The sense key, or <see cref="SenseKey.NoSense"/> for empty or unrecognised data.</summary>
    /// <param name="sense">Sense data.</param>
    /// <returns>The sense key.</returns>
    public static SenseKey GetSenseKey(ReadOnlySpan<byte> sense) => ResponseCode(sense) switch
    {
        0x70 or 0x71 when sense.Length > 2 => (SenseKey)(sense[2] & 0x0F),
        0x72 or 0x73 when sense.Length > 1 => (SenseKey)(sense[1] & 0x0F),
        _ => SenseKey.NoSense,
    };

    /// <summary>The additional sense code (ASC), or 0.</summary>
    /// <param name="sense">Sense data.</param>
    /// <returns>The ASC.</returns>
    public static byte GetAdditionalSenseCode(ReadOnlySpan<byte> sense) => ResponseCode(sense) switch
    {
        0x70 or 0x71 when sense.Length > 12 => sense[12],
        0x72 or 0x73 when sense.Length > 2 => sense[2],
        _ => 0,
    };

    /// <summary>The additional sense code qualifier (ASCQ), or 0.</summary>
    /// <param name="sense">Sense data.</param>
    /// <returns>The ASCQ.</returns>
    public static byte GetAdditionalSenseCodeQualifier(ReadOnlySpan<byte> sense) => ResponseCode(sense) switch
    {
        0x70 or 0x71 when sense.Length > 13 => sense[13],
        0x72 or 0x73 when sense.Length > 3 => sense[3],
        _ => 0,
    };

    /// <summary>Reads the INFORMATION field of fixed-format sense data when VALID is set.</summary>
    /// <param name="sense">Sense data.</param>
    /// <param name="information">The field.</param>
    /// <returns>Whether the field is valid.</returns>
    public static bool TryGetInformation(ReadOnlySpan<byte> sense, out uint information)
    {
        if (sense.Length >= 7 && (sense[0] & 0x7E) == 0x70 && (sense[0] & 0x80) != 0)
        {
            information = BinaryPrimitives.ReadUInt32BigEndian(sense[3..]);
            return true;
        }

        information = 0;
        return false;
    }

    private static int ResponseCode(ReadOnlySpan<byte> sense) => sense.IsEmpty ? -1 : sense[0] & 0x7F;
}
