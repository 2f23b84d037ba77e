using System.Buffers.Binary;

namespace DumpFramework.Host.Tests.CrashDump;

/// <summary>Little-endian reads at literal offsets, so tests check the documented layout rather than the code's constants.</summary>
internal static class HeaderBytes
{
    public const uint Page = 0x45474150;

    public static ushort U16(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset));

    public static uint U32(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    public static ulong U64(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));

    public static void PutU32(byte[] bytes, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);

    public static void PutU64(byte[] bytes, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), value);

    /// <summary>Asserts every 4-byte slot of [start, end) still holds the 'PAGE' fill.</summary>
    public static void AssertPageFill(byte[] bytes, int start, int end, string what)
    {
        Assert.AreEqual(0, start % 4, "fill slots are 4-byte aligned");
        for (int offset = start; offset < end; offset += 4)
        {
            Assert.AreEqual(Page, U32(bytes, offset), $"{what}: 0x{offset:X} should hold the 'PAGE' fill");
        }
    }

    public static void AssertZero(byte[] bytes, int start, int end, string what)
    {
        int index = bytes.AsSpan(start, end - start).IndexOfAnyExcept((byte)0);
        Assert.AreEqual(-1, index, $"{what}: byte 0x{start + index:X} should be zero");
    }
}
