using System.Buffers.Binary;
using System.Text;

namespace DumpFramework.Plugins.PortAta;

/// <summary>The IDENTIFY DEVICE words the port decides on (hardware-models §4.8).</summary>
internal sealed class AtaIdentity
{
    public const int Length = 512;

    private readonly byte[] _data;

    private AtaIdentity(byte[] data)
    {
        _data = data;
    }

    /// <summary>Parses 512 bytes of IDENTIFY data; <see langword="null"/> when it is not ATA device data.</summary>
    /// <param name="data">The data as the miniport returned it.</param>
    /// <param name="problem">Why the data was refused.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    public static AtaIdentity? TryParse(byte[]? data, out string? problem)
    {
        if (data is null || data.Length < Length)
        {
            problem = $"IDENTIFY DEVICE returned {data?.Length ?? 0} bytes instead of {Length}";
            return null;
        }

        var identity = new AtaIdentity(data[..Length]);
        if ((identity.Word(0) & 0x8000) != 0)
        {
            problem = "IDENTIFY word 0 bit 15 is set: not an ATA device";
            return null;
        }

        if (data[510] == 0xA5)
        {
            byte sum = 0;
            foreach (byte b in data.AsSpan(0, Length))
            {
                sum += b;
            }

            if (sum != 0)
            {
                problem = "IDENTIFY integrity word (0xA5 signature) has a bad checksum";
                return null;
            }
        }

        problem = null;
        return identity;
    }

    /// <summary>The raw data (512 bytes).</summary>
    public ReadOnlySpan<byte> Data => _data;

    public ushort Word(int index) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(index * 2));

    /// <summary>Model number, words 27–46, trimmed.</summary>
    public string Model => String(27, 40).Trim();

    /// <summary>Serial number, words 10–19, trimmed.</summary>
    public string SerialNumber => String(10, 20).Trim();

    /// <summary>Firmware revision, words 23–26, trimmed.</summary>
    public string FirmwareRevision => String(23, 8).Trim();

    /// <summary>Word 0 bit 7: removable media.</summary>
    public bool Removable => (Word(0) & 0x0080) != 0;

    /// <summary>Word 49 bit 9.</summary>
    public bool SupportsLba => (Word(49) & 0x0200) != 0;

    /// <summary>Word 49 bit 8.</summary>
    public bool SupportsDma => (Word(49) & 0x0100) != 0;

    /// <summary>Word 83 bit 10 (with word 83 valid: bit 14 set, bit 15 clear).</summary>
    public bool SupportsLba48 => (Word(83) & 0xC400) == 0x4400;

    /// <summary>Word 83 bit 13: FLUSH CACHE EXT.</summary>
    public bool SupportsFlushCacheExt => (Word(83) & 0xE000) == 0x6000;

    /// <summary>Word 83 bit 12: FLUSH CACHE.</summary>
    public bool SupportsFlushCache => (Word(83) & 0xD000) == 0x5000;

    /// <summary>Word 47 bits 7:0: the largest READ/WRITE MULTIPLE block.</summary>
    public byte MaximumMultiple => (byte)(Word(47) & 0xFF);

    /// <summary>Word 85 bit 5: the volatile write cache is on.</summary>
    public bool WriteCacheEnabled => (Word(85) & 0x0020) != 0;

    /// <summary>User-addressable sectors: words 100–103 when 48-bit addressing is supported, else words 60–61.</summary>
    public ulong SectorCount => SupportsLba48
        ? BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(200))
        : BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(120));

    /// <summary>Bytes per logical sector: words 117–118 (in words) when word 106 bit 12 is valid and set, else 512.</summary>
    public int LogicalSectorSize
    {
        get
        {
            ushort word106 = Word(106);
            if ((word106 & 0xC000) != 0x4000 || (word106 & 0x1000) == 0)
            {
                return 512;
            }

            uint words = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(234));
            return words is >= 256 and <= 0x8000 ? (int)(words * 2) : 0;
        }
    }

    /// <summary>log2(logical sectors per physical sector) from word 106 bits 3:0, when valid.</summary>
    public int LogicalPerPhysicalExponent
    {
        get
        {
            ushort word106 = Word(106);
            return (word106 & 0xE000) == 0x6000 ? word106 & 0x0F : 0;
        }
    }

    /// <summary>An ATA string: two characters per word, the first in the high byte.</summary>
    public string String(int firstWord, int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            byte b = _data[(firstWord * 2) + (i ^ 1)];
            text.Append(b is >= 0x20 and <= 0x7E ? (char)b : ' ');
        }

        return text.ToString();
    }
}
