using DumpFramework.Host.CrashDump;
using static DumpFramework.Host.Tests.CrashDump.HeaderBytes;

namespace DumpFramework.Host.Tests.CrashDump;

[TestClass]
public sealed class CrashDumpVerifierTests
{
    private static (byte[] File, ArrayPhysicalMemory Memory) FullDump()
    {
        var memory = new ArrayPhysicalMemory(CrashDumpRoundTripTests.Ranges, seed: 21);
        using var stream = CrashDumpRoundTripTests.WriteDump(memory, CrashDumpLayout.ForFullDump(CrashDumpRoundTripTests.Ranges));
        return (stream.ToArray(), memory);
    }

    private static (byte[] File, ArrayPhysicalMemory Memory) BitmapDump()
    {
        var memory = new ArrayPhysicalMemory(CrashDumpRoundTripTests.Ranges, seed: 22);
        memory.ZeroPage(0x2000);
        var bitmap = PageBitmap.FromMemory(CrashDumpRoundTripTests.Ranges, memory.TryRead, PageBitmap.NonZeroPage);
        using var stream = CrashDumpRoundTripTests.WriteDump(memory, CrashDumpLayout.ForBitmapDump(CrashDumpRoundTripTests.Ranges, bitmap));
        return (stream.ToArray(), memory);
    }

    private static CrashDumpVerification Verify(byte[] file, ArrayPhysicalMemory? memory = null) =>
        memory is null ? CrashDumpVerifier.Verify(new MemoryStream(file)) : CrashDumpVerifier.Verify(new MemoryStream(file), memory);

    private static void AssertOnly(CrashDumpVerification result, CrashDumpCheck check)
    {
        Assert.IsFalse(result.IsValid, result.ToString());
        Assert.IsTrue(result.Has(check), $"expected a {check} error:{Environment.NewLine}{result}");
    }

    [TestMethod]
    public void Valid_dumps_have_no_findings()
    {
        var (full, fullMemory) = FullDump();
        var (bitmap, bitmapMemory) = BitmapDump();

        Assert.AreEqual(0, Verify(full, fullMemory).Findings.Count, Verify(full, fullMemory).ToString());
        Assert.AreEqual(0, Verify(bitmap, bitmapMemory).Findings.Count, Verify(bitmap, bitmapMemory).ToString());
    }

    [TestMethod]
    public void Flipped_signature_is_not_a_crash_dump()
    {
        var (file, _) = FullDump();
        file[0] ^= 0x01;

        var result = Verify(file);
        AssertOnly(result, CrashDumpCheck.Signature);
        Assert.AreEqual(1, result.Findings.Count, "nothing else is trusted after a bad signature");
    }

    [TestMethod]
    public void Garbage_or_32_bit_ValidDump_is_refused()
    {
        var (file, _) = FullDump();
        PutU32(file, 0x4, 0x12345678);
        AssertOnly(Verify(file), CrashDumpCheck.ValidDump);

        PutU32(file, 0x4, 0x504D5544);
        StringAssert.Contains(Verify(file).ToString(), "32-bit");
    }

    [TestMethod]
    public void Incomplete_marker_reports_an_incomplete_dump()
    {
        var (file, memory) = FullDump();
        PutU32(file, 0x4, Page);

        var result = Verify(file, memory);
        AssertOnly(result, CrashDumpCheck.Incomplete);
        Assert.IsTrue(result.IsIncomplete);
        StringAssert.Contains(result.ToString(), "Incomplete dump");
        Assert.AreEqual(1, result.Errors.Count(), "the rest of the dump is still checked and is fine");
    }

    [TestMethod]
    public void Truncated_file_reports_required_space_and_missing_pages()
    {
        var (file, memory) = FullDump();
        var truncated = file[..^0x1800];

        var result = Verify(truncated, memory);
        AssertOnly(result, CrashDumpCheck.RequiredDumpSpace);
        Assert.IsTrue(result.Has(CrashDumpCheck.PageContent));
        Assert.AreEqual(2ul, result.MissingPages, "the partial last-but-one page and the last page");
        Assert.AreEqual(25ul, result.PagesCompared);
        Assert.AreEqual(0ul, result.MismatchedPages);
    }

    [TestMethod]
    public void A_header_claiming_terabytes_in_a_small_file_is_counted_not_walked()
    {
        var (file, memory) = FullDump();
        PutU64(file, 0x0C0, 1UL << 40);
        PutU64(file, 0x090, (1UL << 40) + 0x18);
        PutU64(file, 0xFA0, 0x2000 + (((1UL << 40) + 0x18) * 0x1000));

        var result = Verify(file, memory);
        AssertOnly(result, CrashDumpCheck.RequiredDumpSpace);
        Assert.AreEqual((1UL << 40) - 3, result.MissingPages, "all but the 3 pages of the last run that the file holds");
        Assert.AreEqual(27ul, result.PagesCompared);
        Assert.AreEqual(0ul, result.MismatchedPages);
    }

    [TestMethod]
    public void Shorter_than_a_header_is_refused()
    {
        var (file, _) = FullDump();
        AssertOnly(Verify(file[..0x1FFF]), CrashDumpCheck.FileSize);
    }

    [TestMethod]
    public void Mismatched_pages_report_the_lowest_address_first()
    {
        var (file, memory) = FullDump();
        // Full layout: run 1 (PFN 0x100..0x107) starts at file offset 0x12000, run 2 (PFN 0x200..) at 0x1A000.
        file[0x1A000 + 0x1000 + 0x10] ^= 0xFF;
        file[0x12000 + 0x3000 + 0x123] ^= 0xFF;

        var result = Verify(file, memory);
        AssertOnly(result, CrashDumpCheck.PageContent);
        Assert.AreEqual(2ul, result.MismatchedPages);
        Assert.AreEqual(27ul, result.PagesCompared);
        Assert.AreEqual(0x103000ul, result.FirstMismatchPageAddress);
        Assert.AreEqual(0x103123ul, result.FirstMismatchByteAddress);
        StringAssert.Contains(result.ToString(), "0x103123");
    }

    [TestMethod]
    public void Mismatched_page_in_a_bitmap_dump_is_located_through_the_bitmap()
    {
        var (file, memory) = BitmapDump();
        // PFN 2 was elided, so PFN 3 is the third stored page.
        long firstPage = (long)U64(file, 0x2020);
        file[firstPage + (2 * 0x1000)] ^= 0x01;

        var result = Verify(file, memory);
        Assert.AreEqual(0x3000ul, result.FirstMismatchByteAddress, result.ToString());
        Assert.AreEqual(1ul, result.MismatchedPages);
    }

    [TestMethod]
    public void Unreadable_source_pages_are_reported_not_compared()
    {
        var (file, memory) = FullDump();
        var result = CrashDumpVerifier.Verify(new MemoryStream(file), (address, destination) => (address > 0x4000 || address + (ulong)destination.Length <= 0x4000) && memory.TryRead(address, destination));

        Assert.AreEqual(1ul, result.UnreadableSourcePages);
        Assert.AreEqual(26ul, result.PagesCompared);
        Assert.IsTrue(result.Has(CrashDumpCheck.SourceMemory, CrashDumpFindingSeverity.Warning), result.ToString());
        Assert.IsTrue(result.IsValid);
    }

    [TestMethod]
    public void Header_field_corruptions_are_each_caught()
    {
        var (original, _) = FullDump();
        (int Offset, uint Value, CrashDumpCheck Check)[] corruptions =
        [
            (0x030, 0x14C, CrashDumpCheck.MachineType),
            (0x010, 0x1AD123, CrashDumpCheck.DirectoryTableBase),
            (0x460, 0x1F81, CrashDumpCheck.ContextMxCsr),
            (0xF98, 2, CrashDumpCheck.DumpType),
            (0x088, 0, CrashDumpCheck.RunList),
            (0x088, 43, CrashDumpCheck.RunList),
            (0x088, Page, CrashDumpCheck.RunList),
            (0x090, 26, CrashDumpCheck.NumberOfPages),
            (0x0A8, 0x5, CrashDumpCheck.RunList),
            (0x0B0, 0, CrashDumpCheck.RunList),
            (0xFA0, 0x1000, CrashDumpCheck.RequiredDumpSpace),
            (0xFA0, 0x1A000, CrashDumpCheck.RequiredDumpSpace),
        ];

        foreach (var (offset, value, check) in corruptions)
        {
            var file = (byte[])original.Clone();
            if (offset is 0x010 or 0x090 or 0x0A8 or 0x0B0 or 0xFA0)
            {
                PutU64(file, offset, value);
            }
            else
            {
                PutU32(file, offset, value);
            }

            var result = Verify(file);
            Assert.IsTrue(result.Has(check), $"0x{offset:X} = 0x{value:X} should fail {check}:{Environment.NewLine}{result}");
        }
    }

    [TestMethod]
    public void Trailing_pagefile_data_is_only_a_warning()
    {
        var (file, memory) = FullDump();
        var pagefile = new byte[file.Length + 0x10000];
        file.CopyTo(pagefile, 0);

        var result = Verify(pagefile, memory);
        Assert.IsTrue(result.IsValid, result.ToString());
        Assert.IsTrue(result.Has(CrashDumpCheck.TrailingData, CrashDumpFindingSeverity.Warning));
    }

    [TestMethod]
    public void Bitmap_corruptions_are_each_caught()
    {
        var (original, _) = BitmapDump();

        var file = (byte[])original.Clone();
        PutU32(file, 0x2000, 0x504D4453);
        AssertOnly(Verify(file), CrashDumpCheck.BitmapSignature);

        file = (byte[])original.Clone();
        PutU32(file, 0x2004, 0);
        AssertOnly(Verify(file), CrashDumpCheck.BitmapValidDump);

        file = (byte[])original.Clone();
        file[0x2038 + 0x10] ^= 0x04;
        AssertOnly(Verify(file), CrashDumpCheck.BitmapPopulation);

        file = (byte[])original.Clone();
        PutU64(file, 0x2020, 0x2040);
        AssertOnly(Verify(file), CrashDumpCheck.BitmapHeaderSize);

        file = (byte[])original.Clone();
        PutU64(file, 0x2028, 0);
        AssertOnly(Verify(file), CrashDumpCheck.BitmapPages);

        file = (byte[])original.Clone();
        PutU64(file, 0x2030, 0x1_0000_0000);
        AssertOnly(Verify(file), CrashDumpCheck.BitmapSize);

        file = (byte[])original.Clone();
        PutU64(file, 0x010, 0x300000);
        AssertOnly(Verify(file), CrashDumpCheck.DirectoryTableBase);

        file = (byte[])original.Clone();
        PutU32(file, 0x088, 3);
        var result = Verify(file);
        Assert.IsTrue(result.IsValid);
        Assert.IsTrue(result.Has(CrashDumpCheck.PhysicalMemoryBlock, CrashDumpFindingSeverity.Warning), result.ToString());
    }
}
