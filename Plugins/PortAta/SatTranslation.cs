using System.Buffers.Binary;
using System.Text;

namespace DumpFramework.Plugins.PortAta;

/// <summary>
/// The SCSI answers an ATA dump port derives from IDENTIFY DEVICE instead of sending commands (SAT, libata
/// <c>ata_scsiop_inq_std</c> / <c>ata_scsiop_read_cap</c>): standard INQUIRY and READ CAPACITY(10)/(16) data.
/// </summary>
internal static class SatTranslation
{
    public const int InquiryLength = 96;
    public const int ReadCapacity10Length = 8;
    public const int ReadCapacity16Length = 32;

    /// <summary>Standard INQUIRY: vendor "ATA", product = the first 16 model characters, revision from words 25–26
    /// (words 23–24 when those are blank, "n/a" when both are).</summary>
    public static void BuildInquiry(AtaIdentity identity, Span<byte> data)
    {
        data = data[..InquiryLength];
        data.Clear();
        data[0] = 0x00;
        data[1] = identity.Removable ? (byte)0x80 : (byte)0x00;
        data[2] = 0x05;
        data[3] = 0x02;
        data[4] = InquiryLength - 5;
        Ascii(data.Slice(8, 8), "ATA");
        Ascii(data.Slice(16, 16), identity.String(27, 16));
        string revision = identity.String(25, 4);
        if (string.IsNullOrWhiteSpace(revision))
        {
            revision = identity.String(23, 4);
        }

        Ascii(data.Slice(32, 4), string.IsNullOrWhiteSpace(revision) ? "n/a" : revision);
    }

    /// <summary>READ CAPACITY(10): last LBA (saturated to 0xFFFFFFFF) and block length.</summary>
    public static void BuildReadCapacity10(AtaIdentity identity, Span<byte> data)
    {
        ulong last = identity.SectorCount - 1;
        BinaryPrimitives.WriteUInt32BigEndian(data, last > uint.MaxValue ? uint.MaxValue : (uint)last);
        BinaryPrimitives.WriteUInt32BigEndian(data[4..], (uint)identity.LogicalSectorSize);
    }

    /// <summary>READ CAPACITY(16): last LBA, block length and logical blocks per physical block exponent.</summary>
    public static void BuildReadCapacity16(AtaIdentity identity, Span<byte> data)
    {
        data = data[..ReadCapacity16Length];
        data.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(data, identity.SectorCount - 1);
        BinaryPrimitives.WriteUInt32BigEndian(data[8..], (uint)identity.LogicalSectorSize);
        data[13] = (byte)identity.LogicalPerPhysicalExponent;
    }

    private static void Ascii(Span<byte> field, string text)
    {
        field.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text.AsSpan(0, Math.Min(text.Length, field.Length)), field);
    }
}
