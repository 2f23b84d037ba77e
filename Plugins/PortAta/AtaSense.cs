namespace DumpFramework.Plugins.PortAta;

/// <summary>SCSI sense derived from an ATA Status/Error pair, as libata's <c>ata_to_sense_error</c> table does
/// (hardware-models §5.14): the first matching Error-register pattern, else the Status bits.</summary>
internal readonly record struct AtaSense(byte Key, byte Asc, byte Ascq)
{
    public const byte KeyNoSense = 0x0;
    public const byte KeyRecoveredError = 0x1;
    public const byte KeyNotReady = 0x2;
    public const byte KeyMediumError = 0x3;
    public const byte KeyHardwareError = 0x4;
    public const byte KeyIllegalRequest = 0x5;
    public const byte KeyUnitAttention = 0x6;
    public const byte KeyAbortedCommand = 0xB;

    public static AtaSense FromTaskFile(byte status, byte error)
    {
        if ((status & 0x80) != 0)
        {
            // BSY: the Error register is not valid.
            error = 0;
        }

        if (error != 0)
        {
            if ((error & 0x84) == 0x84)
            {
                return new AtaSense(KeyAbortedCommand, 0x47, 0x00);
            }

            if ((error & 0x01) != 0)
            {
                return new AtaSense(KeyMediumError, 0x13, 0x00);
            }

            if ((error & 0x02) != 0)
            {
                return new AtaSense(KeyHardwareError, 0x00, 0x00);
            }

            if ((error & 0x08) != 0)
            {
                return new AtaSense(KeyNotReady, 0x04, 0x00);
            }

            if ((error & 0x10) != 0)
            {
                return new AtaSense(KeyIllegalRequest, 0x21, 0x00);
            }

            if ((error & 0x20) != 0)
            {
                return new AtaSense(KeyUnitAttention, 0x28, 0x00);
            }

            if ((error & 0xC0) != 0)
            {
                return new AtaSense(KeyMediumError, 0x11, 0x04);
            }

            if ((error & 0x04) != 0)
            {
                return new AtaSense(KeyAbortedCommand, 0x00, 0x00);
            }
        }

        if ((status & 0x80) != 0)
        {
            return new AtaSense(KeyAbortedCommand, 0x47, 0x00);
        }

        if ((status & 0x20) != 0)
        {
            return new AtaSense(KeyHardwareError, 0x44, 0x00);
        }

        if ((status & 0x08) != 0)
        {
            return new AtaSense(KeyAbortedCommand, 0x47, 0x00);
        }

        if ((status & 0x04) != 0)
        {
            return new AtaSense(KeyRecoveredError, 0x11, 0x00);
        }

        // ERR with nothing to say: libata falls back to ABORTED COMMAND.
        return new AtaSense(KeyAbortedCommand, 0x00, 0x00);
    }

    public string KeyName => Key switch
    {
        KeyNoSense => "NO SENSE",
        KeyRecoveredError => "RECOVERED ERROR",
        KeyNotReady => "NOT READY",
        KeyMediumError => "MEDIUM ERROR",
        KeyHardwareError => "HARDWARE ERROR",
        KeyIllegalRequest => "ILLEGAL REQUEST",
        KeyUnitAttention => "UNIT ATTENTION",
        KeyAbortedCommand => "ABORTED COMMAND",
        _ => "SENSE KEY",
    };

    public override string ToString() => $"{KeyName} {Key:X2}/{Asc:X2}/{Ascq:X2}";
}
