using System.Buffers.Binary;

namespace DumpFramework.Hardware.Tests.Pvscsi;

/// <summary>A PVSCSIRingCmpDesc as a test driver reads it (offsets from hardware-models.md §3.8).</summary>
internal readonly record struct TestCompletion(ulong Context, ulong DataLength, uint SenseLength, ushort HostStatus, ushort ScsiStatus)
{
    public static TestCompletion Decode(ReadOnlySpan<byte> entry) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(entry),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[0x08..]),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[0x10..]),
        BinaryPrimitives.ReadUInt16LittleEndian(entry[0x14..]),
        BinaryPrimitives.ReadUInt16LittleEndian(entry[0x16..]));
}
