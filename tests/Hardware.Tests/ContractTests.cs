using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Tests;

[TestClass]
public sealed class ContractTests
{
    [TestMethod]
    public void Mdl_GetPhysicalAddress_walks_segments()
    {
        var mdl = new Mdl([new PhysicalSegment(0x1000, 0x200), new PhysicalSegment(0x9000, 0x1000)]);
        Assert.AreEqual(0x1200L, mdl.ByteCount);
        Assert.AreEqual(0x9010UL, mdl.GetPhysicalAddress(0x210, out uint length));
        Assert.AreEqual(0xFF0U, length);
        var slice = mdl.Slice(0x100, 0x200);
        Assert.AreEqual(2, slice.SegmentCount);
        Assert.AreEqual(new PhysicalSegment(0x1100, 0x100), slice.Segments[0]);
        Assert.AreEqual(new PhysicalSegment(0x9000, 0x100), slice.Segments[1]);
    }
}
