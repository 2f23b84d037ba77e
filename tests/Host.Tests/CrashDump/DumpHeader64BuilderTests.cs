using DumpFramework.Abstractions.Hardware;
using DumpFramework.Host.CrashDump;
using static DumpFramework.Host.Tests.CrashDump.HeaderBytes;

namespace DumpFramework.Host.Tests.CrashDump;

[TestClass]
public sealed class DumpHeader64BuilderTests
{
    private static readonly PhysicalRange[] ThreeRuns =
    [
        new(0x0, 0x9F000),
        new(0x100000, 0x3FF00000),
        new(0x1_0000_0000, 0x4000_0000),
    ];

    private static readonly DateTimeOffset CrashTime = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static CrashDumpParameters DistinctParameters(CrashDumpType type = CrashDumpType.Full) => new()
    {
        DumpType = type,
        BugCheckCode = 0xD1,
        BugCheckParameter1 = 0x1111,
        BugCheckParameter2 = 0x2222,
        BugCheckParameter3 = 0x3333,
        BugCheckParameter4 = 0x4444,
        MajorVersion = 0xF,
        MinorVersion = 0x4A61,
        DirectoryTableBase = 0x1AD000,
        PfnDataBase = 0xFFFFFA8000000000,
        PsLoadedModuleList = 0xFFFFF80002A4E670,
        PsActiveProcessHead = 0xFFFFF80002A2C590,
        KdDebuggerDataBlock = 0xFFFFF80002A0D0A0,
        NumberProcessors = 4,
        Registers = new CrashContextRegisters { Rax = 0xA1, Rcx = 0xC1, Rdx = 0xD1, Rbx = 0xB1, Rsp = 0xFFFFF88003A5F6E8, Rbp = 0xB9, Rsi = 0x51, Rdi = 0xD9, R8 = 0x8, R15 = 0xF, Rip = 0xFFFFF80002A85F00, EFlags = 0x246, MxCsr = 0x1FA0 },
        ExceptionAddress = 0xFFFFF80002A85F00,
        SystemTime = CrashTime,
        SystemUpTime = TimeSpan.FromSeconds(3600),
        Comment = "bench dump",
        ProductType = 3,
        SuiteMask = 0x112,
        Attributes = 0x20,
        BootId = 77,
    };

    private static byte[] Build(CrashDumpParameters parameters, CrashDumpLayout layout, DumpHeaderState state = DumpHeaderState.Final)
    {
        var header = new byte[0x2000];
        DumpHeader64Builder.Build(header, parameters, layout, state);
        return header;
    }

    [TestMethod]
    public void Full_header_fields_sit_at_the_documented_offsets()
    {
        var header = Build(DistinctParameters(), CrashDumpLayout.ForFullDump(ThreeRuns));

        CollectionAssert.AreEqual(new byte[] { 0x50, 0x41, 0x47, 0x45, 0x44, 0x55, 0x36, 0x34 }, header[..8], "'PAGEDU64'");
        Assert.AreEqual(0xFu, U32(header, 0x008));
        Assert.AreEqual(0x4A61u, U32(header, 0x00C));
        Assert.AreEqual(0x1AD000ul, U64(header, 0x010));
        Assert.AreEqual(0xFFFFFA8000000000ul, U64(header, 0x018));
        Assert.AreEqual(0xFFFFF80002A4E670ul, U64(header, 0x020));
        Assert.AreEqual(0xFFFFF80002A2C590ul, U64(header, 0x028));
        Assert.AreEqual(0x8664u, U32(header, 0x030));
        Assert.AreEqual(4u, U32(header, 0x034));
        Assert.AreEqual(0xD1u, U32(header, 0x038));
        Assert.AreEqual(0x1111ul, U64(header, 0x040));
        Assert.AreEqual(0x2222ul, U64(header, 0x048));
        Assert.AreEqual(0x3333ul, U64(header, 0x050));
        Assert.AreEqual(0x4444ul, U64(header, 0x058));
        Assert.AreEqual(0xFFFFF80002A0D0A0ul, U64(header, 0x080));
        Assert.AreEqual(1u, U32(header, 0xF98), "DumpType");
        Assert.AreEqual((ulong)CrashTime.ToFileTime(), U64(header, 0xFA8), "SystemTime");
        Assert.AreEqual(36_000_000_000ul, U64(header, 0x1030), "SystemUpTime in 100 ns");
        Assert.AreEqual(3u, U32(header, 0x1040), "ProductType");
        Assert.AreEqual(0x112u, U32(header, 0x1044), "SuiteMask");
        Assert.AreEqual(0x20u, U32(header, 0x1050), "Attributes");
        Assert.AreEqual(77u, U32(header, 0x1054), "BootId");
    }

    [TestMethod]
    public void Physical_memory_descriptor_lists_the_runs()
    {
        var header = Build(DistinctParameters(), CrashDumpLayout.ForFullDump(ThreeRuns));

        Assert.AreEqual(3u, U32(header, 0x088), "NumberOfRuns");
        Assert.AreEqual(Page, U32(header, 0x08C), "descriptor padding keeps the fill");
        Assert.AreEqual(0x9Ful + 0x3FF00ul + 0x40000ul, U64(header, 0x090), "NumberOfPages = sum of runs");
        Assert.AreEqual(0x0ul, U64(header, 0x098));
        Assert.AreEqual(0x9Ful, U64(header, 0x0A0));
        Assert.AreEqual(0x100ul, U64(header, 0x0A8));
        Assert.AreEqual(0x3FF00ul, U64(header, 0x0B0));
        Assert.AreEqual(0x100000ul, U64(header, 0x0B8));
        Assert.AreEqual(0x40000ul, U64(header, 0x0C0));
        AssertPageFill(header, 0x0C8, 0x348, "unused run slots and the union padding at 0x344");
        Assert.AreEqual(0x2000ul + (0x9Ful + 0x3FF00ul + 0x40000ul) * 0x1000, U64(header, 0xFA0), "RequiredDumpSpace");
    }

    [TestMethod]
    public void Context_record_is_amd64_with_agreeing_mxcsr_and_zeroed_rest()
    {
        var header = Build(DistinctParameters(), CrashDumpLayout.ForFullDump(ThreeRuns));

        Assert.AreEqual(0x0010001Fu, U32(header, 0x378), "ContextFlags");
        Assert.AreEqual(0x1FA0u, U32(header, 0x37C), "MxCsr");
        Assert.AreEqual(0x1FA0u, U32(header, 0x460), "FltSave.MxCsr equals MxCsr");
        Assert.AreEqual((ushort)0x10, U16(header, 0x380), "SegCs");
        Assert.AreEqual((ushort)0x2B, U16(header, 0x382), "SegDs");
        Assert.AreEqual((ushort)0x2B, U16(header, 0x384), "SegEs");
        Assert.AreEqual((ushort)0x53, U16(header, 0x386), "SegFs");
        Assert.AreEqual((ushort)0x2B, U16(header, 0x388), "SegGs");
        Assert.AreEqual((ushort)0x18, U16(header, 0x38A), "SegSs");
        Assert.AreEqual(0x246u, U32(header, 0x38C), "EFlags");
        Assert.AreEqual(0xA1ul, U64(header, 0x3C0), "Rax");
        Assert.AreEqual(0xC1ul, U64(header, 0x3C8), "Rcx");
        Assert.AreEqual(0xD1ul, U64(header, 0x3D0), "Rdx");
        Assert.AreEqual(0xB1ul, U64(header, 0x3D8), "Rbx");
        Assert.AreEqual(0xFFFFF88003A5F6E8ul, U64(header, 0x3E0), "Rsp");
        Assert.AreEqual(0xB9ul, U64(header, 0x3E8), "Rbp");
        Assert.AreEqual(0x51ul, U64(header, 0x3F0), "Rsi");
        Assert.AreEqual(0xD9ul, U64(header, 0x3F8), "Rdi");
        Assert.AreEqual(0x8ul, U64(header, 0x400), "R8");
        Assert.AreEqual(0xFul, U64(header, 0x438), "R15");
        Assert.AreEqual(0xFFFFF80002A85F00ul, U64(header, 0x440), "Rip");
        Assert.AreEqual((ushort)0x027F, U16(header, 0x448), "FltSave.ControlWord");
        AssertZero(header, 0x348, 0x378, "P1Home..P6Home");
        AssertZero(header, 0x468, 0xF00, "rest of the 3000-byte context buffer");
    }

    [TestMethod]
    public void Exception_record_matches_IoFillDumpHeader()
    {
        var header = Build(DistinctParameters(), CrashDumpLayout.ForFullDump(ThreeRuns));

        Assert.AreEqual(0x80000003u, U32(header, 0xF00), "ExceptionCode STATUS_BREAKPOINT");
        Assert.AreEqual(1u, U32(header, 0xF04), "EXCEPTION_NONCONTINUABLE");
        Assert.AreEqual(0ul, U64(header, 0xF08), "ExceptionRecord");
        Assert.AreEqual(0xFFFFF80002A85F00ul, U64(header, 0xF10), "ExceptionAddress");
        Assert.AreEqual(0u, U32(header, 0xF18), "NumberParameters");
        AssertPageFill(header, 0xF1C, 0xF98, "record padding and ExceptionInformation");
    }

    [TestMethod]
    public void Unset_slots_keep_the_PAGE_fill()
    {
        var header = Build(DistinctParameters() with { Comment = null }, CrashDumpLayout.ForFullDump(ThreeRuns));

        AssertPageFill(header, 0x03C, 0x040, "padding after BugCheckCode");
        AssertPageFill(header, 0x060, 0x080, "VersionUser");
        AssertPageFill(header, 0xF9C, 0xFA0, "padding after DumpType");
        AssertPageFill(header, 0xFB0, 0x1030, "Comment (not set at crash time)");
        AssertPageFill(header, 0x1038, 0x1040, "MiniDumpFields, SecondaryDataState");
        AssertPageFill(header, 0x1048, 0x1050, "WriterStatus, Unused1, KdSecondaryVersion, Unused");
        AssertPageFill(header, 0x1058, 0x2000, "_reserved0");
    }

    [TestMethod]
    public void Comment_is_NUL_terminated_ascii()
    {
        var header = Build(DistinctParameters(), CrashDumpLayout.ForFullDump(ThreeRuns));

        Assert.AreEqual("bench dump", System.Text.Encoding.ASCII.GetString(header, 0xFB0, 10));
        AssertZero(header, 0xFBA, 0x1030, "comment tail");
    }

    [TestMethod]
    public void Defaults_are_a_manually_initiated_crash_with_unknown_kernel_pointers()
    {
        var header = Build(new CrashDumpParameters(), CrashDumpLayout.ForFullDump(ThreeRuns));

        Assert.AreEqual(0xE2u, U32(header, 0x038), "MANUALLY_INITIATED_CRASH");
        AssertZero(header, 0x040, 0x060, "bugcheck parameters");
        Assert.AreEqual(0ul, U64(header, 0x010), "DirectoryTableBase unknown");
        Assert.AreEqual(0ul, U64(header, 0x080), "KdDebuggerDataBlock unknown");
        Assert.AreEqual(1u, U32(header, 0x034), "one processor");
        Assert.AreEqual(U32(header, 0x37C), U32(header, 0x460), "MxCsr copies agree");
        Assert.AreEqual(0x1F80u, U32(header, 0x37C));
    }

    [TestMethod]
    public void Incomplete_header_differs_from_the_final_one_only_in_ValidDump()
    {
        var parameters = DistinctParameters();
        var layout = CrashDumpLayout.ForFullDump(ThreeRuns);
        var incomplete = new byte[0x2000];
        var final = new byte[0x2000];
        DumpHeader64Builder.BuildIncomplete(incomplete, parameters, layout);
        DumpHeader64Builder.BuildFinal(final, parameters, layout);

        Assert.AreEqual(Page, U32(incomplete, 0x004), "incomplete: ValidDump keeps the fill");
        Assert.AreEqual(0x34365544u, U32(final, 0x004), "final: 'DU64'");
        CollectionAssert.AreEqual(final[..4], incomplete[..4]);
        CollectionAssert.AreEqual(final[8..], incomplete[8..]);
    }

    [TestMethod]
    public void Bitmap_header_zeroes_the_memory_descriptor()
    {
        var bitmap = PageBitmap.AllPages(ThreeRuns);
        var header = Build(DistinctParameters(CrashDumpType.BitmapFull), CrashDumpLayout.ForBitmapDump(ThreeRuns, bitmap));

        AssertZero(header, 0x088, 0x088 + 700, "PHYSICAL_MEMORY_DESCRIPTOR64");
        Assert.AreEqual(Page, U32(header, 0x344), "union padding keeps the fill");
        Assert.AreEqual(5u, U32(header, 0xF98), "DumpType");
        ulong bits = 0x140000;
        ulong headerSize = (0x2038 + (bits / 8) + 0xFFF) & ~0xFFFul;
        Assert.AreEqual(headerSize + bitmap.PresentCount * 0x1000, U64(header, 0xFA0), "RequiredDumpSpace = HeaderSize + Pages * 0x1000");
    }

    [TestMethod]
    public void Exactly_42_runs_fit_and_the_last_ends_at_0x338()
    {
        var ranges = Enumerable.Range(0, 42).Select(i => new PhysicalRange((ulong)i * 0x2000, 0x1000)).ToArray();
        var header = Build(new CrashDumpParameters(), CrashDumpLayout.ForFullDump(ranges));

        Assert.AreEqual(42u, U32(header, 0x088));
        Assert.AreEqual(41ul * 2, U64(header, 0x098 + (41 * 16)), "Run[41].BasePage");
        Assert.AreEqual(1ul, U64(header, 0x330), "Run[41].PageCount ends at 0x338");
        AssertPageFill(header, 0x338, 0x348, "after the last run");
    }

    [TestMethod]
    public void More_than_42_runs_are_refused_with_the_count_and_the_bitmap_hint()
    {
        var ranges = Enumerable.Range(0, 43).Select(i => new PhysicalRange((ulong)i * 0x2000, 0x1000)).ToArray();

        var error = Assert.ThrowsExactly<ArgumentException>(() => CrashDumpLayout.ForFullDump(ranges));
        StringAssert.Contains(error.Message, "43 separate runs");
        StringAssert.Contains(error.Message, "at most 42");
        StringAssert.Contains(error.Message, "bitmap dump");
    }

    [TestMethod]
    public void Touching_ranges_merge_into_one_run()
    {
        var ranges = Enumerable.Range(0, 100).Select(i => new PhysicalRange((ulong)(99 - i) * 0x1000, 0x1000)).ToArray();
        var header = Build(new CrashDumpParameters(), CrashDumpLayout.ForFullDump(ranges));

        Assert.AreEqual(1u, U32(header, 0x088));
        Assert.AreEqual(0ul, U64(header, 0x098));
        Assert.AreEqual(100ul, U64(header, 0x0A0));
    }

    [TestMethod]
    public void Bad_parameters_are_refused()
    {
        var layout = CrashDumpLayout.ForFullDump(ThreeRuns);
        var header = new byte[0x2000];

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => DumpHeader64Builder.BuildFinal(header, new CrashDumpParameters { DirectoryTableBase = 0x1AD001 }, layout)).Message, "not page aligned");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => DumpHeader64Builder.BuildFinal(header, new CrashDumpParameters { Comment = new string('x', 128) }, layout)).Message, "127");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => DumpHeader64Builder.BuildFinal(header, new CrashDumpParameters { Comment = "caf\u00e9" }, layout)).Message, "ASCII");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => DumpHeader64Builder.BuildFinal(header, new CrashDumpParameters { DumpType = CrashDumpType.BitmapFull }, layout)).Message, "DumpType 5");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => DumpHeader64Builder.BuildFinal(new byte[0x1FFF], new CrashDumpParameters(), layout)).Message, "0x2000");
        var bitmapLayout = CrashDumpLayout.ForBitmapDump(ThreeRuns, PageBitmap.AllPages(ThreeRuns));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => DumpHeader64Builder.BuildFinal(header, new CrashDumpParameters { DumpType = CrashDumpType.BitmapFull, DirectoryTableBase = 0x2_0000_0000 }, bitmapLayout)).Message, "beyond the bitmap");
    }

    [TestMethod]
    public void Bad_ranges_are_refused()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CrashDumpLayout.ForFullDump([new PhysicalRange(0x800, 0x1000)])).Message, "4 KiB-aligned");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CrashDumpLayout.ForFullDump([new PhysicalRange(0, 0x3000), new PhysicalRange(0x2000, 0x1000)])).Message, "overlaps");
        Assert.ThrowsExactly<ArgumentException>(() => CrashDumpLayout.ForFullDump([]));
    }
}
