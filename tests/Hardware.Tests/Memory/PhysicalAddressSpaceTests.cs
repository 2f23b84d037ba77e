using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Tests.Memory;

[TestClass]
public sealed class PhysicalAddressSpaceTests
{
    [TestMethod]
    public void Buffers_go_to_the_preferred_gap_below_4_GiB_and_are_listed_in_order()
    {
        using var space = new PhysicalAddressSpace(new SyntheticMemory(64L << 20));
        var first = space.Allocate(100, 8, below4GiB: true);
        var second = space.Allocate(0x3000, 0x1_0000, below4GiB: false);
        Assert.AreEqual(PhysicalAddressSpace.PreferredDmaBase, first.PhysicalAddress);
        Assert.AreEqual(0UL, second.PhysicalAddress % 0x1_0000, "alignment honoured");
        Assert.IsGreaterThanOrEqualTo(first.PhysicalAddress + 0x1000, second.PhysicalAddress, "buffers do not share pages");
        Assert.AreEqual(100, first.Length);
        Assert.IsTrue(first.Span.SequenceEqual(new byte[100]), "zeroed");

        var ranges = space.Ranges;
        Assert.HasCount(5, ranges);
        for (int i = 1; i < ranges.Count; i++)
        {
            Assert.IsGreaterThanOrEqualTo(ranges[i - 1].EndAddress, ranges[i].BaseAddress, "ascending, non-overlapping");
        }

        Assert.Contains(new PhysicalRange(first.PhysicalAddress, 100), ranges);
        CollectionAssert.AreEqual(new[] { first, second }, space.Buffers.ToArray());
    }

    [TestMethod]
    public void Buffers_avoid_source_runs_covering_the_preferred_base()
    {
        var runs = new[] { new PhysicalRange(0x1000, 0x1000), new PhysicalRange(0x10_0000, 0xFFF0_0000) };
        using var space = new PhysicalAddressSpace(new SyntheticMemory(runs, 1));
        var low = space.Allocate(0x2000, 0x1000, below4GiB: true);
        Assert.AreEqual(0x2000UL, low.PhysicalAddress, "first free page-aligned gap");
        var large = space.Allocate(0x8_0000, 0x1000, below4GiB: true);
        Assert.AreEqual(0x4000UL, large.PhysicalAddress, "next free page after the first buffer");
        Assert.IsFalse(runs.Any(run => run.Contains(large.PhysicalAddress, 1)));
        var above = space.Allocate(1 << 20, 0x1000, below4GiB: false);
        Assert.IsGreaterThanOrEqualTo(0x1_0000_0000UL, above.PhysicalAddress);
        Assert.ThrowsExactly<InvalidOperationException>(() => space.Allocate(1 << 20, 0x1000, below4GiB: true));
    }

    [TestMethod]
    public void A_source_covering_the_whole_32_bit_space_has_no_hole_below_4_GiB_but_one_above()
    {
        var runs = new[] { new PhysicalRange(0, 0x1_0000_0000) };
        using var space = new PhysicalAddressSpace(new SyntheticMemory(runs, 1));
        Assert.IsFalse(space.HasHole(0x1_0000, 0x1000, below4GiB: true));
        Assert.IsTrue(space.HasHole(0x1_0000, 0x1000, below4GiB: false));
        Assert.ThrowsExactly<InvalidOperationException>(() => space.Allocate(0x1_0000, 0x1000, below4GiB: true));
        Assert.AreEqual(0x1_0000_0000UL, space.Allocate(0x1_0000, 0x1000, below4GiB: false).PhysicalAddress);

        using var smaller = new PhysicalAddressSpace(new SyntheticMemory([new PhysicalRange(0, 0xFFFF_0000)], 1));
        Assert.IsTrue(smaller.HasHole(0x1_0000, 0x1000, below4GiB: true), "the last 64 KiB page run below 4 GiB is free");
        Assert.IsFalse(smaller.HasHole(0x2_0000, 0x1000, below4GiB: true));
    }

    [TestMethod]
    public void Crash_mode_forbids_allocation()
    {
        using var space = new PhysicalAddressSpace(new SyntheticMemory(8L << 20));
        space.Allocate(16, 16, below4GiB: true);
        space.EnterCrashMode();
        Assert.IsTrue(space.IsCrashMode);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => space.Allocate(16, 16, below4GiB: true));
        Assert.AreEqual("no allocation in crash mode", error.Message);
    }

    [TestMethod]
    public void Invalid_allocation_arguments_throw()
    {
        using var space = new PhysicalAddressSpace(new SyntheticMemory(8L << 20));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => space.Allocate(0, 16, below4GiB: true));
        Assert.ThrowsExactly<ArgumentException>(() => space.Allocate(16, 24, below4GiB: true));
    }

    [TestMethod]
    public void Span_and_dma_see_the_same_bytes()
    {
        using var space = new PhysicalAddressSpace(new SyntheticMemory(8L << 20));
        var buffer = space.Allocate(64, 64, below4GiB: true);
        buffer.Span[5] = 0x5A;
        var read = new byte[1];
        Assert.IsTrue(space.TryRead(buffer.PhysicalAddress + 5, read));
        Assert.AreEqual(0x5A, read[0]);
        Assert.IsTrue(space.TryWrite(buffer.PhysicalAddress + 60, [1, 2, 3, 4]));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, buffer.Span[60..].ToArray());
        Assert.IsFalse(space.TryWrite(buffer.PhysicalAddress + 62, [1, 2, 3, 4]), "past the buffer's end");
        Assert.IsTrue(buffer.Span[62..].SequenceEqual(new byte[] { 3, 4 }), "a refused write changes nothing");
    }

    [TestMethod]
    public void Source_memory_reads_through_and_is_read_only()
    {
        using var reference = new SyntheticMemory(8L << 20, seed: 4);
        using var space = new PhysicalAddressSpace(new SyntheticMemory(8L << 20, seed: 4));
        ulong address = reference.Ranges[1].BaseAddress + 0x1234;
        var expected = new byte[0x3000];
        var actual = new byte[0x3000];
        Assert.IsTrue(reference.TryRead(address, expected));
        Assert.IsTrue(space.TryRead(address, actual));
        CollectionAssert.AreEqual(expected, actual);
        Assert.IsTrue(space.IsAccessible(address, 0x3000, forWrite: false));
        Assert.IsFalse(space.IsAccessible(address, 0x3000, forWrite: true));
        Assert.IsFalse(space.TryWrite(address, new byte[4]));
    }

    [TestMethod]
    public void Writable_source_accepts_writes_and_reports_them()
    {
        var source = new SyntheticMemory(8L << 20, seed: 4, writable: true);
        using var space = new PhysicalAddressSpace(source);
        ulong address = source.Ranges[1].BaseAddress;
        Assert.IsTrue(space.TryWrite(address, [7]));
        CollectionAssert.AreEqual(new[] { address }, source.ModifiedPages.ToArray());
    }

    [TestMethod]
    public void Unmapped_bytes_fail_without_throwing()
    {
        using var space = new PhysicalAddressSpace(new SyntheticMemory(8L << 20));
        var low = space.Ranges[0];
        var buffer = new byte[16];
        Assert.IsFalse(space.TryRead(0, buffer), "page 0");
        Assert.IsFalse(space.TryRead(low.EndAddress - 8, buffer), "runs into a hole");
        Assert.IsFalse(space.TryRead(ulong.MaxValue - 4, buffer), "wraps the address space");
        Assert.IsFalse(space.TryWrite(ulong.MaxValue - 4, buffer));
        Assert.IsFalse(space.IsAccessible(ulong.MaxValue, 2, forWrite: false));
        Assert.IsFalse(space.IsAccessible(0x50_0000_0000, 1, forWrite: false));
        Assert.IsTrue(space.TryRead(0, Span<byte>.Empty));
    }

    [TestMethod]
    public void Accesses_cross_adjacent_entries_and_refuse_partial_writes()
    {
        // A read-only run that ends exactly where the first buffer is placed.
        using var reference = new SyntheticMemory([new PhysicalRange(0xEFFF_0000, 0x1_0000)], 1);
        using var space = new PhysicalAddressSpace(new SyntheticMemory([new PhysicalRange(0xEFFF_0000, 0x1_0000)], 1));
        var buffer = space.Allocate(0x1000, 0x1000, below4GiB: true);
        Assert.AreEqual(0xF000_0000UL, buffer.PhysicalAddress);
        buffer.Span.Fill(0xEE);

        var read = new byte[0x20];
        Assert.IsTrue(space.TryRead(0xEFFF_FFF0, read));
        var expected = new byte[0x10];
        Assert.IsTrue(reference.TryRead(0xEFFF_FFF0, expected));
        CollectionAssert.AreEqual(expected, read[..0x10]);
        Assert.IsTrue(read.AsSpan(0x10).SequenceEqual(Enumerable.Repeat((byte)0xEE, 0x10).ToArray()));

        Assert.IsTrue(space.IsAccessible(0xEFFF_FFF0, 0x20, forWrite: false));
        Assert.IsFalse(space.IsAccessible(0xEFFF_FFF0, 0x20, forWrite: true));
        Assert.IsFalse(space.TryWrite(0xEFFF_FFF0, new byte[0x20]));
        Assert.AreEqual(0xEE, buffer.Span[0], "the refused write left the buffer unchanged");
        Assert.IsFalse(space.TryRead(0xF000_0FF0, new byte[0x20]), "past the buffer is a hole");
    }

    [TestMethod]
    public void Reading_a_chunk_inside_one_run_allocates_nothing()
    {
        using var space = new PhysicalAddressSpace(new SyntheticMemory(64L << 20));
        space.Allocate(4096, 4096, below4GiB: true);
        var chunk = new byte[64 * 1024];
        ulong address = space.Ranges[1].BaseAddress + 0x10000;
        // The same reads once untimed first: what the runtime does on the first calls (tiering, call counting) happens
        // before the dump starts too; the dump's steady state is what must not allocate.
        ReadThousandChunks(space, address, chunk);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadThousandChunks(space, address, chunk);

        Assert.AreEqual(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static void ReadThousandChunks(PhysicalAddressSpace space, ulong address, byte[] chunk)
    {
        for (int i = 0; i < 1000; i++)
        {
            Assert.IsTrue(space.TryRead(address + ((ulong)i * 0x1000), chunk));
        }
    }

    [TestMethod]
    public void Dispose_disposes_the_source_unless_left_open()
    {
        var owned = new TrackingSource();
        new PhysicalAddressSpace(owned).Dispose();
        Assert.IsTrue(owned.Disposed);
        var kept = new TrackingSource();
        new PhysicalAddressSpace(kept, leaveSourceOpen: true).Dispose();
        Assert.IsFalse(kept.Disposed);
    }

    private sealed class TrackingSource : IMemorySource
    {
        public bool Disposed { get; private set; }

        public IReadOnlyList<PhysicalRange> Ranges { get; } = [new PhysicalRange(0x1000, 0x1000)];

        public bool IsWritable => false;

        public string Description => "tracking";

        public bool TryRead(ulong address, Span<byte> destination) => true;

        public bool TryWrite(ulong address, ReadOnlySpan<byte> source) => false;

        public void Dispose() => Disposed = true;
    }
}
