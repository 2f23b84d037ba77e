using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Tests.Scsi;

[TestClass]
public sealed class SenseDataTests
{
    [TestMethod]
    public void Fixed_format_layout()
    {
        var sense = SenseData.Create(SenseKey.MediumError, 0x11, 0x04, information: 0x01020304);
        Assert.HasCount(18, sense);
        Assert.AreEqual(0xF0, sense[0], "current error, VALID");
        Assert.AreEqual(0x03, sense[2]);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, sense[3..7]);
        Assert.AreEqual(10, sense[7]);
        Assert.AreEqual(0x11, sense[12]);
        Assert.AreEqual(0x04, sense[13]);
    }

    [TestMethod]
    public void Information_beyond_32_bits_is_not_marked_valid()
    {
        var sense = SenseData.Create(SenseKey.IllegalRequest, 0x21, 0x00, information: 1UL << 33);
        Assert.AreEqual(0x70, sense[0]);
        Assert.IsFalse(SenseData.TryGetInformation(sense, out _));
    }

    [TestMethod]
    public void Illegal_request_points_at_the_field()
    {
        var sense = SenseData.CreateIllegalRequest(0x24, 0x00, inCdb: true, fieldPointer: 9, bitPointer: 3);
        Assert.AreEqual(0x80 | 0x40 | 0x08 | 0x03, sense[15]);
        Assert.AreEqual(0, sense[16]);
        Assert.AreEqual(9, sense[17]);
    }

    [TestMethod]
    public void Readers_accept_descriptor_format_and_junk()
    {
        byte[] descriptor = [0x72, 0x06, 0x29, 0x00, 0, 0, 0, 0];
        Assert.AreEqual(SenseKey.UnitAttention, SenseData.GetSenseKey(descriptor));
        Assert.AreEqual(0x29, SenseData.GetAdditionalSenseCode(descriptor));
        Assert.AreEqual(SenseKey.NoSense, SenseData.GetSenseKey([]));
        Assert.AreEqual(0, SenseData.GetAdditionalSenseCodeQualifier([0x70, 0, 5]));
    }
}
