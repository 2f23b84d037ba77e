using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Tests.Memory;

[TestClass]
public sealed class LimeMemoryImageTests
{
    [TestMethod]
    public void WriteFrom_then_open_round_trips_runs_and_content()
    {
        using var directory = new TestDirectory();
        string path = directory.File("capture.lime");
        using var source = new SyntheticMemory(24L << 20, seed: 9);
        LimeMemoryImage.WriteFrom(source, path);

        long expectedLength = (long)source.TotalBytes + (source.Ranges.Count * LimeMemoryImage.HeaderSize);
        Assert.AreEqual(expectedLength, new FileInfo(path).Length);
        using var lime = new LimeMemoryImage(path);
        CollectionAssert.AreEqual(source.Ranges.ToArray(), lime.Ranges.ToArray());
        var expected = new byte[1 << 20];
        var actual = new byte[1 << 20];
        foreach (var run in source.Ranges)
        {
            for (ulong offset = 0; offset < run.Length; offset += (ulong)expected.Length)
            {
                int length = (int)Math.Min((ulong)expected.Length, run.Length - offset);
                Assert.IsTrue(source.TryRead(run.BaseAddress + offset, expected.AsSpan(0, length)));
                Assert.IsTrue(lime.TryRead(run.BaseAddress + offset, actual.AsSpan(0, length)));
                Assert.IsTrue(expected.AsSpan(0, length).SequenceEqual(actual.AsSpan(0, length)), $"run 0x{run.BaseAddress:X} offset 0x{offset:X}");
            }
        }

        Assert.IsFalse(lime.TryRead(0, new byte[1]));
        Assert.IsFalse(lime.TryWrite(0x1000, new byte[1]));
    }

    [TestMethod]
    public void Header_fields_follow_the_lime_layout()
    {
        using var directory = new TestDirectory();
        string path = directory.File("one.lime");
        using var source = new SyntheticMemory([new PhysicalRange(0x2000, 0x1000)], 1);
        LimeMemoryImage.WriteFrom(source, path);
        var bytes = File.ReadAllBytes(path);
        Assert.AreEqual(0x4C694D45u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.AreEqual(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.AreEqual(0x2000UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
        Assert.AreEqual(0x2FFFUL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)), "the end address is inclusive");
        Assert.AreEqual(32 + 0x1000, bytes.Length);
    }

    [TestMethod]
    public void Reads_cross_physically_contiguous_ranges()
    {
        using var directory = new TestDirectory();
        string path = directory.File("adjacent.lime");
        WriteLime(path, (0x1000, Fill(0x1000, 0x11)), (0x2000, Fill(0x1000, 0x22)));
        using var lime = new LimeMemoryImage(path);
        var read = new byte[8];
        Assert.IsTrue(lime.TryRead(0x1FFC, read));
        CollectionAssert.AreEqual(new byte[] { 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22 }, read);
    }

    [TestMethod]
    public void Writable_lime_writes_into_the_right_range_data()
    {
        using var directory = new TestDirectory();
        string path = directory.File("w.lime");
        WriteLime(path, (0x1000, Fill(0x1000, 0)), (0x5000, Fill(0x1000, 0)));
        using (var lime = new LimeMemoryImage(path, writable: true))
        {
            Assert.IsTrue(lime.TryWrite(0x5010, [9, 8, 7]));
            Assert.IsFalse(lime.TryWrite(0x1FFF, [1, 2]), "a write into the hole fails");
        }

        var bytes = File.ReadAllBytes(path);
        int dataOffset = 32 + 0x1000 + 32 + 0x10;
        CollectionAssert.AreEqual(new byte[] { 9, 8, 7 }, bytes.AsSpan(dataOffset, 3).ToArray());
        Assert.AreEqual(0, bytes[32 + 0xFFF]);
    }

    [TestMethod]
    public void Bad_magic_is_reported_with_its_offset()
    {
        using var directory = new TestDirectory();
        string path = directory.File("bad.lime");
        WriteLime(path, (0x1000, Fill(0x1000, 1)), (0x3000, Fill(0x1000, 1)));
        var bytes = File.ReadAllBytes(path);
        bytes[32 + 0x1000] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var error = Assert.ThrowsExactly<FormatException>(() => new LimeMemoryImage(path));
        StringAssert.Contains(error.Message, "magic");
        StringAssert.Contains(error.Message, $"offset {32 + 0x1000}");
    }

    [TestMethod]
    public void Bad_version_is_reported()
    {
        using var directory = new TestDirectory();
        string path = directory.File("v2.lime");
        WriteLime(path, (0x1000, Fill(0x1000, 1)));
        var bytes = File.ReadAllBytes(path);
        bytes[4] = 2;
        File.WriteAllBytes(path, bytes);
        var error = Assert.ThrowsExactly<FormatException>(() => new LimeMemoryImage(path));
        StringAssert.Contains(error.Message, "version 2");
        StringAssert.Contains(error.Message, "offset 0");
    }

    [TestMethod]
    public void Truncated_range_and_header_are_reported()
    {
        using var directory = new TestDirectory();
        string path = directory.File("cut.lime");
        WriteLime(path, (0x1000, Fill(0x1000, 1)), (0x3000, Fill(0x1000, 1)));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 1).ToArray());
        var error = Assert.ThrowsExactly<FormatException>(() => new LimeMemoryImage(path));
        StringAssert.Contains(error.Message, "truncated");
        StringAssert.Contains(error.Message, $"offset {32 + 0x1000}");

        File.WriteAllBytes(path, bytes.AsSpan(0, 32 + 0x1000 + 10).ToArray());
        error = Assert.ThrowsExactly<FormatException>(() => new LimeMemoryImage(path));
        StringAssert.Contains(error.Message, "header");
    }

    [TestMethod]
    public void Overlapping_or_descending_ranges_are_rejected()
    {
        using var directory = new TestDirectory();
        string path = directory.File("order.lime");
        WriteLime(path, (0x3000, Fill(0x1000, 1)), (0x1000, Fill(0x1000, 1)));
        var error = Assert.ThrowsExactly<FormatException>(() => new LimeMemoryImage(path));
        StringAssert.Contains(error.Message, "ascending");
        WriteLime(path, (0x1000, Fill(0x2000, 1)), (0x2000, Fill(0x1000, 1)));
        Assert.ThrowsExactly<FormatException>(() => new LimeMemoryImage(path));
    }

    private static byte[] Fill(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    private static void WriteLime(string path, params (ulong Start, byte[] Data)[] ranges)
    {
        using var file = File.Create(path);
        var header = new byte[32];
        foreach (var (start, data) in ranges)
        {
            Array.Clear(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header, LimeMemoryImage.Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), LimeMemoryImage.Version);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), start);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), start + (ulong)data.Length - 1);
            file.Write(header);
            file.Write(data);
        }
    }
}
