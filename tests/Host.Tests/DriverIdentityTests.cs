using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Tests;

[TestClass]
public sealed class DriverIdentityTests
{
    [TestMethod]
    [DataRow("diskdump")]
    [DataRow("LSI_SAS")]
    [DataRow("dumpfve")]
    public void Valid_base_names_get_dump_prefix(string baseName)
    {
        var identity = new DriverIdentity(DriverKind.Miniport, baseName, new Version(1, 0));
        Assert.AreEqual("dump_" + baseName, identity.DumpName);
        Assert.AreEqual(new Version(DumpContract.MajorVersion, DumpContract.MinorVersion), identity.ContractVersion);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("1abc")]
    [DataRow("bad-name")]
    [DataRow("name.sys")]
    [DataRow("abcdefghijklmnop")]
    public void Invalid_base_names_are_refused(string baseName)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new DriverIdentity(DriverKind.Port, baseName, new Version(1, 0)));
        StringAssert.Contains(error.Message, "not a valid driver base name");
    }
}
