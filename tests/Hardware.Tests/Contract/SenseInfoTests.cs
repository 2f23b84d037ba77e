using DumpFramework.Abstractions.Scsi;

namespace DumpFramework.Hardware.Tests.Contract;

[TestClass]
public sealed class SenseInfoTests
{
    [TestMethod]
    public void Parses_fixed_and_descriptor_sense()
    {
        byte[] fixedFormat = [0x70, 0, 0x03, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x11, 0x00, 0, 0, 0, 0];
        Assert.IsTrue(SenseInfo.TryParse(fixedFormat, out var medium));
        Assert.AreEqual(new SenseInfo(SenseInfo.KeyMediumError, 0x11, 0x00), medium);
        Assert.AreEqual("MEDIUM ERROR 11/00", medium.ToString());

        byte[] descriptor = [0x72, 0x06, 0x29, 0x00, 0, 0, 0, 0];
        Assert.IsTrue(SenseInfo.TryParse(descriptor, out var attention));
        Assert.AreEqual(new SenseInfo(SenseInfo.KeyUnitAttention, 0x29, 0x00), attention);

        Assert.IsTrue(SenseInfo.TryParse([0x70, 0, 0x05], out var keyOnly), "a short fixed-format buffer still carries its key");
        Assert.AreEqual(new SenseInfo(SenseInfo.KeyIllegalRequest, 0, 0), keyOnly);
        Assert.IsFalse(SenseInfo.TryParse([0x70, 0], out _), "no sense key");
        Assert.IsFalse(SenseInfo.TryParse([0x00, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0, 0, 0, 0, 0], out _), "not a sense response code");
    }
}
