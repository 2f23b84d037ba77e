using DumpFramework.Abstractions.Hardware;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Tests.CrashDump.Support;
using static DumpFramework.Host.Tests.CrashDump.HeaderBytes;

namespace DumpFramework.Host.Tests.CrashDump;

[TestClass]
public sealed class CrashDumpRoundTripTests
{
    internal static readonly PhysicalRange[] Ranges = [new(0x0, 0x10000), new(0x100000, 0x8000), new(0x200000, 0x3000)];

    internal static MemoryStream WriteDump(ArrayPhysicalMemory memory, CrashDumpLayout layout, CrashDumpParameters? parameters = null)
    {
        var stream = new MemoryStream();
        CrashDumpStreamWriter.Write(stream, layout, parameters ?? new CrashDumpParameters { DumpType = layout.DumpType }, memory.TryRead);
        return stream;
    }

    private static byte[] Page(ArrayPhysicalMemory memory, ulong address)
    {
        var page = new byte[0x1000];
        Assert.IsTrue(memory.TryRead(address, page));
        return page;
    }

    [TestMethod]
    public void Full_dump_round_trips_through_the_verifier()
    {
        var memory = new ArrayPhysicalMemory(Ranges, seed: 7);
        var layout = CrashDumpLayout.ForFullDump(Ranges);
        using var dump = WriteDump(memory, layout);
        var file = dump.ToArray();

        Assert.AreEqual(0x2000 + (0x10 + 0x8 + 0x3) * 0x1000, file.Length);
        Assert.AreEqual((ulong)file.Length, U64(file, 0xFA0));
        CollectionAssert.AreEqual(Page(memory, 0x0), file[0x2000..0x3000], "run 0 page 0 right after the header");
        CollectionAssert.AreEqual(Page(memory, 0x101000), file[0x13000..0x14000], "run 1 page 1 after the 16 pages of run 0");
        CollectionAssert.AreEqual(Page(memory, 0x202000), file[^0x1000..], "last page of the last run ends the file");

        var result = CrashDumpVerifier.Verify(dump, memory);
        Assert.IsTrue(result.IsValid, result.ToString());
        Assert.AreEqual(0, result.Findings.Count, result.ToString());
        Assert.AreEqual(27ul, result.PagesInDump);
        Assert.AreEqual(27ul, result.PagesCompared);
        Assert.AreEqual(0ul, result.MismatchedPages);
        Assert.IsNull(result.FirstMismatchPageAddress);
    }

    [TestMethod]
    public void Bitmap_dump_with_zero_page_elision_round_trips()
    {
        var memory = new ArrayPhysicalMemory(Ranges, seed: 8);
        memory.ZeroPage(0x5000);
        memory.ZeroPage(0x100000);
        memory.ZeroPage(0x202000);
        var bitmap = PageBitmap.FromMemory(Ranges, memory.TryRead, PageBitmap.NonZeroPage);
        var layout = CrashDumpLayout.ForBitmapDump(Ranges, bitmap);
        using var dump = WriteDump(memory, layout);
        var file = dump.ToArray();

        Assert.AreEqual(24ul, bitmap.PresentCount);
        Assert.AreEqual(0x220ul, U64(file, 0x2030), "bitmap bits: PFN 0x203 rounded up to 32");
        long firstPage = (long)U64(file, 0x2020);
        Assert.AreEqual(0x3000L, firstPage, "0x2038 + 0x44 bitmap bytes, page aligned");
        Assert.AreEqual(firstPage + (24 * 0x1000), file.Length);
        CollectionAssert.AreEqual(Page(memory, 0x6000), file[(int)(firstPage + 0x5000)..(int)(firstPage + 0x6000)], "PFN 6 follows PFN 4 directly: PFN 5 was elided");
        CollectionAssert.AreEqual(Page(memory, 0x101000), file[(int)(firstPage + 0xF000)..(int)(firstPage + 0x10000)], "PFN 0x101 after the 15 pages of the first range");

        var result = CrashDumpVerifier.Verify(dump, memory);
        Assert.IsTrue(result.IsValid, result.ToString());
        Assert.AreEqual(0, result.Findings.Count, result.ToString());
        Assert.AreEqual(24ul, result.PagesCompared);
    }

    [TestMethod]
    public void Kernel_bitmap_dump_round_trips()
    {
        var memory = new ArrayPhysicalMemory(Ranges, seed: 9);
        var layout = CrashDumpLayout.ForBitmapDump(Ranges, PageBitmap.FromPredicate(Ranges, pfn => pfn >= 0x100), CrashDumpType.BitmapKernel);
        using var dump = WriteDump(memory, layout);

        var result = CrashDumpVerifier.Verify(dump, memory);
        Assert.IsTrue(result.IsValid, result.ToString());
        Assert.AreEqual(6u, result.DumpType);
        Assert.AreEqual(11ul, result.PagesCompared);
    }

    [TestMethod]
    public void A_memory_failure_leaves_an_incomplete_dump()
    {
        var memory = new ArrayPhysicalMemory(Ranges, seed: 10);
        var layout = CrashDumpLayout.ForFullDump(Ranges);
        using var dump = new MemoryStream();

        var error = Assert.ThrowsExactly<IOException>(() => CrashDumpStreamWriter.Write(
            dump,
            layout,
            new CrashDumpParameters(),
            (address, destination) => address < 0x200000 && memory.TryRead(address, destination)));
        StringAssert.Contains(error.Message, "0x200000");

        var result = CrashDumpVerifier.Verify(dump);
        Assert.IsTrue(result.IsIncomplete);
        Assert.IsTrue(result.Has(CrashDumpCheck.Incomplete), result.ToString());
        Assert.IsFalse(result.IsValid);
    }

    [TestMethod]
    public void Dump_scattered_over_fragmented_extents_reads_back_as_the_same_file()
    {
        var memory = new ArrayPhysicalMemory(Ranges, seed: 11);
        var layout = CrashDumpLayout.ForFullDump(Ranges);
        using var dump = WriteDump(memory, layout);
        var file = dump.ToArray();
        using var disk = new ArrayBlockDevice(0x40000, 512);
        var map = new DumpBlockMap([new DiskExtent(0x30000, 0x5000), new DiskExtent(0x1000, 0x2200), new DiskExtent(0x8000, 0x20000)], 512, disk.Length);
        Assert.IsTrue(layout.RequiredDumpSpace <= map.Capacity);

        foreach (var piece in layout.EnumeratePieces())
        {
            foreach (var onDisk in map.Map(piece.FileOffset, piece.Length))
            {
                disk.Write(onDisk.DiskOffset, file.AsSpan((int)onDisk.FileOffset, (int)onDisk.Length));
            }
        }

        using var pagefile = new MappedDumpFileStream(disk, map, map.Capacity);
        var extracted = new byte[layout.RequiredDumpSpace];
        pagefile.ReadExactly(extracted);
        CollectionAssert.AreEqual(file, extracted);

        var unaligned = new byte[0x1234];
        pagefile.Position = 0x4F01;
        pagefile.ReadExactly(unaligned);
        CollectionAssert.AreEqual(file[0x4F01..(0x4F01 + 0x1234)], unaligned, "reads across extents at odd offsets");

        var result = CrashDumpVerifier.Verify(pagefile, memory);
        Assert.IsTrue(result.IsValid, result.ToString());
        Assert.IsTrue(result.Has(CrashDumpCheck.TrailingData, CrashDumpFindingSeverity.Warning), "the pagefile is longer than the dump");
        Assert.AreEqual(27ul, result.PagesCompared);
    }
}
