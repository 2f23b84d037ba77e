using DumpFramework.Host.CrashDump;

namespace DumpFramework.Host.Tests.CrashDump;

[TestClass]
public sealed class DumpBlockMapTests
{
    private const long Disk = 0x100000;

    [TestMethod]
    public void Contiguous_map_offsets_by_the_file_start()
    {
        var map = Contiguous(0x8000, 0x20000, 512, Disk);

        Assert.AreEqual(0x20000L, map.Capacity);
        CollectionAssert.AreEqual(new[] { new DiskPiece(0x2000, 0xA000, 0x3000) }, map.Map(0x2000, 0x3000).ToArray());
    }

    [TestMethod]
    public void Fragmented_extents_split_a_range_at_their_boundaries()
    {
        var map = new DumpBlockMap([new DiskExtent(0x50000, 0x3000), new DiskExtent(0x10000, 0x1000), new DiskExtent(0x80000, 0x4000)], 512, Disk);

        Assert.AreEqual(0x8000L, map.Capacity);
        CollectionAssert.AreEqual(
            new[]
            {
                new DiskPiece(0x2000, 0x52000, 0x1000),
                new DiskPiece(0x3000, 0x10000, 0x1000),
                new DiskPiece(0x4000, 0x80000, 0x2000),
            },
            map.Map(0x2000, 0x4000).ToArray());
        CollectionAssert.AreEqual(new[] { new DiskPiece(0x3000, 0x10000, 0x1000) }, map.Map(0x3000, 0x1000).ToArray(), "exactly one extent");
        CollectionAssert.AreEqual(new[] { new DiskPiece(0x7E00, 0x83E00, 0x200) }, map.Map(0x7E00, 0x200).ToArray(), "last sector");
        Assert.AreEqual(0, map.Map(0x8000, 0).Count());
    }

    [TestMethod]
    public void Ranges_past_capacity_or_unaligned_are_refused()
    {
        var map = Contiguous(0, 0x8000, 512, Disk);

        Assert.ThrowsExactly<ArgumentException>(() => map.Map(0x7000, 0x2000));
        Assert.ThrowsExactly<ArgumentException>(() => map.Map(0x100, 0x200));
        Assert.ThrowsExactly<ArgumentException>(() => map.Map(0, 0x300));
        Assert.ThrowsExactly<ArgumentException>(() => map.Map(-0x200, 0x200));
    }

    [TestMethod]
    public void Bad_extents_are_refused_by_name()
    {
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(() => new DumpBlockMap([new DiskExtent(0, 0x1000), new DiskExtent(0x2100, 0x1000)], 512, Disk)).Message,
            "Extent 1 (disk offset 0x2100, length 0x1000) is not aligned to the 512-byte sector");
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(() => new DumpBlockMap([new DiskExtent(0, 0x1100)], 4096, Disk)).Message,
            "Extent 0 (disk offset 0x0, length 0x1100) is not aligned to the 4096-byte sector");
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(() => new DumpBlockMap([new DiskExtent(0x8000, 0x2000), new DiskExtent(0x1000, 0x1000), new DiskExtent(0x9000, 0x1000)], 512, Disk)).Message,
            "Extent 2 (disk offset 0x9000, length 0x1000) overlaps extent 0");
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(() => new DumpBlockMap([new DiskExtent(Disk - 0x1000, 0x2000)], 512, Disk)).Message,
            "ends past the disk");
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(() => new DumpBlockMap([new DiskExtent(0, 0)], 512, Disk)).Message,
            "Extent 0");
        Assert.ThrowsExactly<ArgumentException>(() => new DumpBlockMap([], 512, Disk));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DumpBlockMap([new DiskExtent(0, 0x1000)], 500, Disk));
    }

    // A dump file that lies contiguously on disk (a dedicated dump area or an unfragmented pagefile).
    private static DumpBlockMap Contiguous(long diskOffset, long length, int sectorSize, long diskLength) =>
        new([new DiskExtent(diskOffset, length)], sectorSize, diskLength);
}
