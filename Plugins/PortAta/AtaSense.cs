using DumpFramework.Abstractions.Scsi;
using static DumpFramework.Abstractions.Scsi.SenseInfo;

namespace DumpFramework.Plugins.PortAta;

/// <summary>SCSI sense derived from an ATA Status/Error pair, as libata's <c>ata_to_sense_error</c> table does
/// (hardware-models §5.14): the first matching Error-register pattern, else the Status bits.</summary>
internal static class AtaSense
{
    /// <summary>Translates the Status and Error registers of a failed command.</summary>
    /// <param name="status">The Status register.</param>
    /// <param name="error">The Error register.</param>
    /// <returns>The sense a SAT layer reports.</returns>
    public static SenseInfo FromTaskFile(byte status, byte error)
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
                return new SenseInfo(KeyAbortedCommand, 0x47, 0x00);
            }

            if ((error & 0x01) != 0)
            {
                return new SenseInfo(KeyMediumError, 0x13, 0x00);
            }

            if ((error & 0x02) != 0)
            {
                return new SenseInfo(KeyHardwareError, 0x00, 0x00);
            }

            if ((error & 0x08) != 0)
            {
                return new SenseInfo(KeyNotReady, 0x04, 0x00);
            }

            if ((error & 0x10) != 0)
            {
                return new SenseInfo(KeyIllegalRequest, 0x21, 0x00);
            }

            if ((error & 0x20) != 0)
            {
                return new SenseInfo(KeyUnitAttention, 0x28, 0x00);
            }

            if ((error & 0xC0) != 0)
            {
                return new SenseInfo(KeyMediumError, 0x11, 0x04);
            }

            if ((error & 0x04) != 0)
            {
                return new SenseInfo(KeyAbortedCommand, 0x00, 0x00);
            }
        }

        if ((status & 0x80) != 0)
        {
            return new SenseInfo(KeyAbortedCommand, 0x47, 0x00);
        }

        if ((status & 0x20) != 0)
        {
            return new SenseInfo(KeyHardwareError, 0x44, 0x00);
        }

        if ((status & 0x08) != 0)
        {
            return new SenseInfo(KeyAbortedCommand, 0x47, 0x00);
        }

        if ((status & 0x04) != 0)
        {
            return new SenseInfo(KeyRecoveredError, 0x11, 0x00);
        }

        // ERR with nothing to say: libata falls back to ABORTED COMMAND.
        return new SenseInfo(KeyAbortedCommand, 0x00, 0x00);
    }
}
