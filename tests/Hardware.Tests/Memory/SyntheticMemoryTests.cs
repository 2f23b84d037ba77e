using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Tests.Memory;

[TestClass]
public sealed class SyntheticMemoryTests
{
    private const int Page = SyntheticMemory.PageSize;

    [TestMethod]
    public void Layout_has_pc_like_runs_and_holes()
    {
        using var memory = new SyntheticMemory(64L << 20);
        var runs = memory.Ranges;
        Assert.HasCount(3, runs);
        Assert.AreEqual(new PhysicalRange(0x1000, 0x9E000), runs[0]);
        Assert.AreEqual(0x10_0000UL, runs[1].BaseAddress);
        Assert.AreEqual(0x1_0000_0000UL, runs[2].BaseAddress);
        Assert.AreEqual(64UL << 20, runs.Aggregate(0UL, (sum, run) => sum + run.Length));
        Assert.AreEqual(64UL << 20, memory.TotalBytes);
        Assert.IsGreaterThan(runs[2].Length, runs[1].Length, "most memory sits below the PCI hole");
        Assert.IsFalse(memory.TryRead(0, new byte[8]), "page 0 is a hole");
        Assert.IsFalse(memory.TryRead(0x9F000, new byte[8]), "the legacy hole below 1 MiB is unmapped");
    }

    [TestMethod]
    public void Large_layout_caps_the_low_run_below_3_GiB()
    {
        using var memory = new SyntheticMemory(16L << 30);
        Assert.HasCount(3, memory.Ranges);
        Assert.AreEqual(0xC000_0000UL, memory.Ranges[1].EndAddress);
        Assert.AreEqual(16UL << 30, memory.TotalBytes);
    }

    [TestMethod]
    public void Content_is_deterministic_per_seed_and_address()
    {
        using var first = new SyntheticMemory(32L << 20, seed: 7);
        using var second = new SyntheticMemory(32L << 20, seed: 7);
        using var other = new SyntheticMemory(32L << 20, seed: 8);
        ulong address = first.Ranges[1].BaseAddress + (5 * Page);
        var a = new byte[3 * Page];
        var b = new byte[3 * Page];
        var c = new byte[3 * Page];
        Assert.IsTrue(first.TryRead(address, a));
        Assert.IsTrue(second.TryRead(address, b));
        Assert.IsTrue(other.TryRead(address, c));
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void Unaligned_reads_match_the_aligned_content()
    {
        using var memory = new SyntheticMemory(32L << 20, seed: 3);
        ulong pageAddress = memory.Ranges[1].BaseAddress + (17 * Page);
        var whole = new byte[4 * Page];
        Assert.IsTrue(memory.TryRead(pageAddress, whole));
        foreach (var (offset, length) in new[] { (1, 7), (3, 4093), (4095, 2), (100, 3 * Page), (8, 16), (4000, 9000) })
        {
            var piece = new byte[length];
            Assert.IsTrue(memory.TryRead(pageAddress + (ulong)offset, piece));
            CollectionAssert.AreEqual(whole.AsSpan(offset, length).ToArray(), piece, $"offset {offset} length {length}");
        }
    }

    [TestMethod]
    public void About_one_page_in_16_is_zero_and_others_are_not()
    {
        using var memory = new SyntheticMemory(64L << 20, seed: 11);
        var run = memory.Ranges[1];
        var page = new byte[Page];
        int pages = 4096;
        int zero = 0;
        for (int i = 0; i < pages; i++)
        {
            ulong address = run.BaseAddress + ((ulong)i * Page);
            Assert.IsTrue(memory.TryRead(address, page));
            bool allZero = !page.AsSpan().ContainsAnyExcept((byte)0);
            Assert.AreEqual(memory.IsGeneratedZeroPage(address), allZero, $"page 0x{address:X}");
            if (allZero)
            {
                zero++;
            }
        }

        Assert.IsInRange(pages / 32, pages / 8, zero);
    }

    [TestMethod]
    public void Read_only_memory_refuses_writes()
    {
        using var memory = new SyntheticMemory(8L << 20);
        Assert.IsFalse(memory.IsWritable);
        Assert.IsFalse(memory.TryWrite(memory.Ranges[1].BaseAddress, new byte[16]));
        Assert.IsEmpty(memory.ModifiedPages);
    }

    [TestMethod]
    public void Writable_memory_keeps_written_pages_and_reports_them()
    {
        using var memory = new SyntheticMemory(8L << 20, seed: 5, writable: true);
        using var pristine = new SyntheticMemory(8L << 20, seed: 5);
        ulong address = memory.Ranges[1].BaseAddress + (2 * Page) + 4090;
        var payload = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        Assert.IsTrue(memory.TryWrite(address, payload));

        var readBack = new byte[20];
        Assert.IsTrue(memory.TryRead(address, readBack));
        CollectionAssert.AreEqual(payload, readBack);

        // Bytes around the write keep their generated values.
        var around = new byte[2 * Page];
        var expected = new byte[2 * Page];
        ulong pageBase = address / Page * Page;
        Assert.IsTrue(memory.TryRead(pageBase, around));
        Assert.IsTrue(pristine.TryRead(pageBase, expected));
        payload.CopyTo(expected, 4090);
        CollectionAssert.AreEqual(expected, around);
        CollectionAssert.AreEqual(new[] { pageBase, pageBase + Page }, memory.ModifiedPages.ToArray());
    }

    [TestMethod]
    public void Reads_outside_runs_or_across_a_hole_fail()
    {
        using var memory = new SyntheticMemory(8L << 20);
        var low = memory.Ranges[0];
        Assert.IsFalse(memory.TryRead(low.EndAddress - 4, new byte[8]));
        Assert.IsTrue(memory.TryRead(low.EndAddress - 8, new byte[8]));
        Assert.IsFalse(memory.TryRead(ulong.MaxValue - 3, new byte[8]));
    }

    [TestMethod]
    public void Explicit_runs_are_validated()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new SyntheticMemory([new PhysicalRange(0x1000, 0x2000), new PhysicalRange(0x2000, 0x1000)], 1));
        Assert.ThrowsExactly<ArgumentException>(() => new SyntheticMemory([new PhysicalRange(0x1001, 0x1000)], 1));
        Assert.ThrowsExactly<ArgumentException>(() => new SyntheticMemory([], 1));
        using var memory = new SyntheticMemory([new PhysicalRange(0x1000, 0x1000), new PhysicalRange(0x2000, 0x1000)], 1);
        Assert.IsTrue(memory.TryRead(0x1FF0, new byte[0x20]), "contiguous runs can be crossed");
    }
}
