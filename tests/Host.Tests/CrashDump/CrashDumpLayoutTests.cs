using DumpFramework.Abstractions.Hardware;
using DumpFramework.Host.CrashDump;
using static DumpFramework.Host.Tests.CrashDump.HeaderBytes;

namespace DumpFramework.Host.Tests.CrashDump;

[TestClass]
public sealed class CrashDumpLayoutTests
{
    private static readonly PhysicalRange[] Ranges = [new(0x1000, 0x3000), new(0x10000, 0x2000), new(0x40000, 0x1000)];

    [TestMethod]
    public void Full_dump_pieces_are_header_then_runs_back_to_back()
    {
        var layout = CrashDumpLayout.ForFullDump(Ranges);

        var pieces = layout.EnumeratePieces().ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                new DumpFilePiece(DumpFilePieceKind.DumpHeader, 0, 0x2000, 0),
                new DumpFilePiece(DumpFilePieceKind.PageData, 0x2000, 0x3000, 0x1000),
                new DumpFilePiece(DumpFilePieceKind.PageData, 0x5000, 0x2000, 0x10000),
                new DumpFilePiece(DumpFilePieceKind.PageData, 0x7000, 0x1000, 0x40000),
            },
            pieces);
        Assert.AreEqual(0x8000L, layout.RequiredDumpSpace);
        Assert.AreEqual(6ul, layout.StoredPages);
    }

    [TestMethod]
    public void Bitmap_dump_pieces_coalesce_present_pages_from_the_aligned_header_end()
    {
        var bitmap = PageBitmap.AllPages(Ranges);
        bitmap.Clear(0x2);
        var layout = CrashDumpLayout.ForBitmapDump(Ranges, bitmap);

        Assert.AreEqual(0x3000L, layout.FirstPageOffset, "0x2038 + 0x41 bitmap bits / 8 rounded up to a page");
        CollectionAssert.AreEqual(
            new[]
            {
                new DumpFilePiece(DumpFilePieceKind.DumpHeader, 0, 0x2000, 0),
                new DumpFilePiece(DumpFilePieceKind.BitmapHeader, 0x2000, 0x1000, 0),
                new DumpFilePiece(DumpFilePieceKind.PageData, 0x3000, 0x1000, 0x1000),
                new DumpFilePiece(DumpFilePieceKind.PageData, 0x4000, 0x1000, 0x3000),
                new DumpFilePiece(DumpFilePieceKind.PageData, 0x5000, 0x2000, 0x10000),
                new DumpFilePiece(DumpFilePieceKind.PageData, 0x7000, 0x1000, 0x40000),
            },
            layout.EnumeratePieces().ToArray());
        Assert.AreEqual(0x8000L, layout.RequiredDumpSpace, "HeaderSize + 5 pages");
    }

    [TestMethod]
    public void Bitmap_header_fields_sit_at_the_documented_offsets()
    {
        var bitmap = PageBitmap.AllPages(Ranges);
        var layout = CrashDumpLayout.ForBitmapDump(Ranges, bitmap);
        var file = new byte[0x3000];
        layout.RenderBitmapHeader(0x2000, file.AsSpan(0x2000, 0x1000));

        Assert.AreEqual(0x504D4446u, U32(file, 0x2000), "'FDMP'");
        CollectionAssert.AreEqual("FDMPDUMP"u8.ToArray(), file[0x2000..0x2008]);
        AssertZero(file, 0x2008, 0x2020, "unknown fields");
        Assert.AreEqual(0x3000ul, U64(file, 0x2020), "first page offset, absolute");
        Assert.AreEqual(6ul, U64(file, 0x2028), "pages stored");
        Assert.AreEqual(0x60ul, U64(file, 0x2030), "bitmap bits: PFN 0x41 rounded up to 32");
        Assert.AreEqual(0b1110u, file[0x2038], "PFNs 1..3");
        Assert.AreEqual(0b11u, file[0x2038 + 2], "PFNs 0x10, 0x11");
        Assert.AreEqual(0b1u, file[0x2038 + 8], "PFN 0x40");
        AssertZero(file, 0x2038 + 12, 0x3000, "padding to the first page");
    }

    [TestMethod]
    public void Kernel_bitmap_uses_SDMP()
    {
        var layout = CrashDumpLayout.ForBitmapDump(Ranges, PageBitmap.AllPages(Ranges), CrashDumpType.BitmapKernel);
        var bytes = new byte[8];
        layout.RenderBitmapHeader(0x2000, bytes);

        CollectionAssert.AreEqual("SDMPDUMP"u8.ToArray(), bytes);
    }

    [TestMethod]
    public void Bitmap_header_renders_identically_in_small_chunks()
    {
        var ranges = new PhysicalRange[] { new(0, 0x800_0000) };
        var bitmap = PageBitmap.FromPredicate(ranges, pfn => pfn % 3 != 0);
        var layout = CrashDumpLayout.ForBitmapDump(ranges, bitmap);
        long length = layout.FirstPageOffset - 0x2000;
        var whole = new byte[length];
        layout.RenderBitmapHeader(0x2000, whole);
        var chunked = new byte[length];
        for (int offset = 0; offset < length; offset += 7)
        {
            int take = (int)Math.Min(7, length - offset);
            layout.RenderBitmapHeader(0x2000 + offset, chunked.AsSpan(offset, take));
        }

        CollectionAssert.AreEqual(whole, chunked);
        Assert.AreEqual((ulong)bitmap.PresentCount, U64(whole, 0x28));
    }

    [TestMethod]
    public void Gigabytes_of_memory_are_a_few_pieces()
    {
        PhysicalRange[] ranges = [new(0, 0x9F000), new(0x100000, 0xBFF0_0000), new(0x1_0000_0000, 0x3_4000_0000)];

        var full = CrashDumpLayout.ForFullDump(ranges);
        var bitmap = CrashDumpLayout.ForBitmapDump(ranges, PageBitmap.AllPages(ranges));

        Assert.AreEqual(3, full.EnumeratePageData().Count());
        Assert.AreEqual(3, bitmap.EnumeratePageData().Count());
        Assert.AreEqual(0x2000L + (0x9FL + 0xBFF00L + 0x340000L) * 0x1000, full.RequiredDumpSpace);
        Assert.AreEqual(bitmap.FirstPageOffset + (long)full.StoredPages * 0x1000, bitmap.RequiredDumpSpace);
    }

    [TestMethod]
    public void Bitmap_pages_outside_the_ranges_or_no_pages_are_refused()
    {
        var outside = new PageBitmap(0x60);
        outside.Set(0x20);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CrashDumpLayout.ForBitmapDump(Ranges, outside)).Message, "PFN 0x20");

        var straddling = new PageBitmap(0x60);
        straddling.SetRange(0x3, 2);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CrashDumpLayout.ForBitmapDump(Ranges, straddling)).Message, "PFN 0x4");

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CrashDumpLayout.ForBitmapDump(Ranges, new PageBitmap(0x60))).Message, "at least one page");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CrashDumpLayout.ForBitmapDump(Ranges, new PageBitmap(0x20))).Message, "covers");
    }
}
