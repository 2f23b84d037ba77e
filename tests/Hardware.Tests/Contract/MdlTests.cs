using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Hardware.Tests.Contract;

[TestClass]
public sealed class MdlTests
{
    [TestMethod]
    public void GetPhysicalAddress_and_Slice_walk_segments()
    {
        var mdl = new Mdl([new PhysicalSegment(0x1000, 0x200), new PhysicalSegment(0x9000, 0x1000)]);
        Assert.AreEqual(0x1200L, mdl.ByteCount);
        Assert.AreEqual(0x9010UL, mdl.GetPhysicalAddress(0x210, out uint length));
        Assert.AreEqual(0xFF0U, length);
        var slice = mdl.Slice(0x100, 0x200);
        Assert.AreEqual(2, slice.SegmentCount);
        Assert.AreEqual(new PhysicalSegment(0x1100, 0x100), slice.Segments[0]);
        Assert.AreEqual(new PhysicalSegment(0x9000, 0x100), slice.Segments[1]);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mdl.GetPhysicalAddress(0x1200, out _));
        Assert.ThrowsExactly<ArgumentException>(() => new Mdl([new PhysicalSegment(0x1000, 0)]));
    }

    [TestMethod]
    public void Copies_from_an_offset_across_segments_and_name_the_failing_address()
    {
        using var space = new PhysicalAddressSpace(new SyntheticMemory([new PhysicalRange(0x100000, 0x10000), new PhysicalRange(0x200000, 0x10000)], 3, writable: true));
        var mdl = new Mdl([new PhysicalSegment(0x10F000, 0x1000), new PhysicalSegment(0x200000, 0x1000)]);
        var expected = new byte[0x1000];
        Assert.IsTrue(space.TryRead(0x10F800, expected.AsSpan(0, 0x800)));
        Assert.IsTrue(space.TryRead(0x200000, expected.AsSpan(0x800)));

        var copy = new byte[0x1000];
        Assert.IsTrue(mdl.TryCopyTo(0x800, space, copy, out _));
        CollectionAssert.AreEqual(expected, copy);

        var pattern = Enumerable.Range(0, 0x1000).Select(i => (byte)i).ToArray();
        Assert.IsTrue(mdl.TryCopyFrom(0x800, space, pattern, out _));
        Assert.IsTrue(mdl.TryCopyTo(0x800, space, copy, out _));
        CollectionAssert.AreEqual(pattern, copy);

        var gap = new Mdl([new PhysicalSegment(0x10F000, 0x1000), new PhysicalSegment(0x300000, 0x1000)]);
        Assert.IsFalse(gap.TryCopyTo(0, space, new byte[0x2000], out ulong failed));
        Assert.AreEqual(0x300000UL, failed);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mdl.TryCopyTo(0x1800, space, new byte[0x1000], out _));
    }
}
