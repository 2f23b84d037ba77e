using System.Buffers.Binary;
using System.Numerics;

namespace DumpFramework.Hardware.Ide;

/// <content>IDENTIFY DEVICE data (hardware-models §4.8).</content>
internal sealed partial class AtaDisk
{
    public const int IdentifyLength = 512;

    private const int Heads = 16;
    private const int SectorsPerTrack = 63;
    private const int MaximumCylinders = 16383;

    /// <summary>Legacy CHS geometry for CHS-addressed commands and words 1/3/6.</summary>
    public (int Cylinders, int Heads, int SectorsPerTrack) Geometry
    {
        get
        {
            long cylinders = Math.Clamp(SectorCount / (Heads * SectorsPerTrack), 1, MaximumCylinders);
            return ((int)cylinders, Heads, SectorsPerTrack);
        }
    }

    /// <summary>Fills 512 bytes of IDENTIFY DEVICE data from the current settings.</summary>
    public void BuildIdentify(Span<byte> data)
    {
        data = data[..IdentifyLength];
        data.Clear();
        var (cylinders, heads, sectorsPerTrack) = Geometry;
        long chsCapacity = (long)cylinders * heads * sectorsPerTrack;
        long lba28 = Math.Min(SectorCount, Lba28Limit);
        bool lba48 = SupportsLba48;

        Put(data, 0, 0x0040);
        Put(data, 1, (ushort)cylinders);
        Put(data, 3, (ushort)heads);
        Put(data, 6, (ushort)sectorsPerTrack);
        PutString(data, 10, 20, _options.SerialNumber);
        Put(data, 20, 3);
        Put(data, 21, 512);
        Put(data, 22, 4);
        PutString(data, 23, 8, _options.FirmwareRevision);
        PutString(data, 27, 40, _options.Model);
        Put(data, 47, (ushort)(0x8000 | MaximumMultiple));
        Put(data, 48, 0x0001);
        Put(data, 49, 0x0B00);
        Put(data, 50, 0x4000);
        Put(data, 51, 0x0200);
        Put(data, 52, 0x0200);
        Put(data, 53, 0x0007);
        Put(data, 54, (ushort)cylinders);
        Put(data, 55, (ushort)heads);
        Put(data, 56, (ushort)sectorsPerTrack);
        PutDword(data, 57, (uint)chsCapacity);
        if (MultipleCount > 0)
        {
            Put(data, 59, (ushort)(0x0100 | MultipleCount));
        }

        PutDword(data, 60, (uint)lba28);
        var (dmaKind, dmaMode) = DmaMode;
        Put(data, 62, (ushort)(0x0007 | (dmaKind == 1 ? 0x0100 << dmaMode : 0)));
        Put(data, 63, (ushort)(0x0007 | (dmaKind == 2 ? 0x0100 << dmaMode : 0)));
        Put(data, 64, 0x0003);
        Put(data, 65, 120);
        Put(data, 66, 120);
        Put(data, 67, 120);
        Put(data, 68, 120);
        Put(data, 80, 0x00F0);
        Put(data, 81, 0x0016);
        Put(data, 82, 0x4021);
        Put(data, 83, (ushort)(lba48 ? 0x7400 : 0x5000));
        Put(data, 84, 0x4000);
        Put(data, 85, (ushort)(0x4001 | (WriteCacheEnabled ? 0x0020 : 0)));
        Put(data, 86, (ushort)(lba48 ? 0x3400 : 0x1000));
        Put(data, 87, 0x4000);
        Put(data, 88, (ushort)(0x003F | (dmaKind == 3 ? 0x0100 << dmaMode : 0)));
        Put(data, 93, 0x6001);
        if (lba48)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(data[200..], (ulong)SectorCount);
        }

        int physical = PhysicalSectorSize;
        if (SectorSize != 512 || physical != SectorSize)
        {
            int ratio = physical / SectorSize;
            ushort word106 = 0x4000;
            if (ratio > 1)
            {
                word106 |= (ushort)(0x2000 | BitOperations.Log2((uint)ratio));
            }

            if (SectorSize > 512)
            {
                word106 |= 0x1000;
                PutDword(data, 117, (uint)(SectorSize / 2));
            }

            Put(data, 106, word106);
        }

        // Integrity word: signature 0xA5 and a checksum that makes the 512 bytes sum to zero.
        data[510] = 0xA5;
        byte sum = 0;
        foreach (byte b in data[..511])
        {
            sum += b;
        }

        data[511] = (byte)(0x100 - sum);
    }

    private static void Put(Span<byte> data, int word, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(data[(word * 2)..], value);

    private static void PutDword(Span<byte> data, int word, uint value)
    {
        Put(data, word, (ushort)value);
        Put(data, word + 1, (ushort)(value >> 16));
    }

    /// <summary>ATA strings: space padded, two characters per word, the first in the high byte.</summary>
    private static void PutString(Span<byte> data, int firstWord, int length, string text)
    {
        for (int i = 0; i < length; i++)
        {
            char c = i < text.Length && text[i] is >= ' ' and <= '~' ? text[i] : ' ';
            data[(firstWord * 2) + (i ^ 1)] = (byte)c;
        }
    }
}
