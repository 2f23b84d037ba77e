using DumpFramework.Abstractions.Hardware;
using DumpFramework.Host.CrashDump;

namespace DumpFramework.Host.Tests.CrashDump;

[TestClass]
public sealed class PageBitmapTests
{
    [TestMethod]
    public void SetRange_across_word_boundaries_counts_each_page_once()
    {
        var bitmap = new PageBitmap(256);
        bitmap.SetRange(60, 70);
        bitmap.SetRange(100, 10);
        bitmap.Set(200);

        Assert.AreEqual(71ul, bitmap.PresentCount);
        Assert.IsFalse(bitmap.IsSet(59));
        Assert.IsTrue(bitmap.IsSet(60));
        Assert.IsTrue(bitmap.IsSet(129));
        Assert.IsFalse(bitmap.IsSet(130));
        CollectionAssert.AreEqual(new[] { new PageRun(60, 70), new PageRun(200, 1) }, bitmap.EnumeratePresentRuns().ToArray());
    }

    [TestMethod]
    public void Clear_splits_a_run()
    {
        var bitmap = new PageBitmap(128);
        bitmap.SetRange(0, 128);
        bitmap.Clear(64);
        bitmap.Clear(64);

        Assert.AreEqual(127ul, bitmap.PresentCount);
        CollectionAssert.AreEqual(new[] { new PageRun(0, 64), new PageRun(65, 63) }, bitmap.EnumeratePresentRuns().ToArray());
    }

    [TestMethod]
    public void Bytes_are_little_endian_bit_n_in_byte_n_over_8()
    {
        var bitmap = new PageBitmap(64);
        bitmap.Set(0);
        bitmap.Set(9);
        bitmap.Set(63);
        var bytes = new byte[10];
        bitmap.CopyBytes(0, bytes);

        CollectionAssert.AreEqual(new byte[] { 0x01, 0x02, 0, 0, 0, 0, 0, 0x80, 0, 0 }, bytes, "bytes past the bitmap are zero");
        var tail = new byte[3];
        bitmap.CopyBytes(6, tail);
        CollectionAssert.AreEqual(new byte[] { 0, 0x80, 0 }, tail);
    }

    [TestMethod]
    public void Bit_count_must_be_a_multiple_of_32()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PageBitmap(40));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PageBitmap(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PageBitmap(32).Set(32));
    }

    [TestMethod]
    public void FromMemory_leaves_out_zero_pages()
    {
        PhysicalRange[] ranges = [new(0, 0x10000), new(0x20000, 0x4000)];
        var memory = new ArrayPhysicalMemory(ranges, seed: 1);
        memory.ZeroPage(0x3000);
        memory.ZeroPage(0x21000);

        var bitmap = PageBitmap.FromMemory(ranges, memory.TryRead, PageBitmap.NonZeroPage);

        Assert.AreEqual(64ul, bitmap.BitCount, "PFN 0x23 rounded up to a multiple of 32");
        Assert.AreEqual(18ul, bitmap.PresentCount);
        Assert.IsFalse(bitmap.IsSet(3));
        Assert.IsFalse(bitmap.IsSet(0x21));
        Assert.IsFalse(bitmap.IsSet(0x10), "outside every range");
        CollectionAssert.AreEqual(new[] { new PageRun(0, 3), new PageRun(4, 12), new PageRun(0x20, 1), new PageRun(0x22, 2) }, bitmap.EnumeratePresentRuns().ToArray());
    }

    [TestMethod]
    public void FromPredicate_asks_once_per_page_inside_the_ranges()
    {
        PhysicalRange[] ranges = [new(0x5000, 0x3000)];
        var asked = new List<ulong>();
        var bitmap = PageBitmap.FromPredicate(ranges, pfn =>
        {
            asked.Add(pfn);
            return pfn != 6;
        });

        CollectionAssert.AreEqual(new ulong[] { 5, 6, 7 }, asked);
        Assert.AreEqual(2ul, bitmap.PresentCount);
    }
}
