using System.Globalization;
using System.Text;
using DumpFramework.Abstractions.Ata;

namespace DumpFramework.Plugins.PortAta;

/// <summary>Names of ATA opcodes, Status/Error bits and IRB status codes for log messages.</summary>
internal static class AtaText
{
    public static string CommandName(byte opcode) => opcode switch
    {
        0x20 => "READ SECTORS",
        0x24 => "READ SECTORS EXT",
        0x25 => "READ DMA EXT",
        0x29 => "READ MULTIPLE EXT",
        0x30 => "WRITE SECTORS",
        0x34 => "WRITE SECTORS EXT",
        0x35 => "WRITE DMA EXT",
        0x39 => "WRITE MULTIPLE EXT",
        0xC4 => "READ MULTIPLE",
        0xC5 => "WRITE MULTIPLE",
        0xC8 => "READ DMA",
        0xCA => "WRITE DMA",
        0xE0 => "STANDBY IMMEDIATE",
        0xE5 => "CHECK POWER MODE",
        0xE7 => "FLUSH CACHE",
        0xEA => "FLUSH CACHE EXT",
        0xEC => "IDENTIFY DEVICE",
        _ => string.Create(CultureInfo.InvariantCulture, $"ATA command 0x{opcode:X2}"),
    };

    /// <summary>For example <c>ERR, ABRT</c> or <c>DF, ERR</c>: the error-relevant Status bits, then the Error bits.</summary>
    public static string StatusAndError(byte status, byte error)
    {
        var text = new StringBuilder();
        Append(text, status, 0x80, "BSY");
        Append(text, status, 0x20, "DF");
        Append(text, status, 0x08, "DRQ");
        Append(text, status, 0x01, "ERR");
        if ((status & 0x01) != 0 && (status & 0x80) == 0)
        {
            Append(text, error, 0x80, "ICRC");
            Append(text, error, 0x40, "UNC");
            Append(text, error, 0x20, "MC");
            Append(text, error, 0x10, "IDNF");
            Append(text, error, 0x08, "MCR");
            Append(text, error, 0x04, "ABRT");
            Append(text, error, 0x02, "TK0NF");
            Append(text, error, 0x01, "AMNF");
        }

        return text.Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"status 0x{status:X2}") : text.ToString();
    }

    public static string IrbStatusName(IrbStatus status) => (IrbStatus)((byte)status & 0x0F) switch
    {
        IrbStatus.Pending => "IRB_STATUS_PENDING",
        IrbStatus.Success => "IRB_STATUS_SUCCESS",
        IrbStatus.DataLengthMismatch => "IRB_STATUS_DATALENGTH_MISMATCH",
        IrbStatus.DeviceError => "IRB_STATUS_DEVICE_ERROR",
        IrbStatus.InvalidRequest => "IRB_STATUS_INVALID_REQUEST",
        IrbStatus.BusReset => "IRB_STATUS_BUS_RESET",
        IrbStatus.SelectionTimeout => "IRB_STATUS_SELECTION_TIMEOUT",
        IrbStatus.Busy => "IRB_STATUS_BUSY",
        _ => string.Create(CultureInfo.InvariantCulture, $"IRB status 0x{(byte)status:X2}"),
    };

    private static void Append(StringBuilder text, byte value, byte bit, string name)
    {
        if ((value & bit) != 0)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(name);
        }
    }
}
