using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Hardware.Tests.Contract;

[TestClass]
public sealed class ByteSizeTextTests
{
    [TestMethod]
    [DataRow("4096", 4096L)]
    [DataRow("4 GiB", 4L << 30)]
    [DataRow("512MiB", 512L << 20)]
    [DataRow(" 1.5 KiB ", 1536L)]
    [DataRow("2 MB", 2_000_000L)]
    [DataRow("1 TiB", 1L << 40)]
    public void Parses_sizes(string text, long expected)
    {
        Assert.IsTrue(ByteSizeText.TryParse(text, out long bytes));
        Assert.AreEqual(expected, bytes);
    }

    [TestMethod]
    [DataRow("4 GiBs")]
    [DataRow("0.3 B")]
    [DataRow("-1")]
    [DataRow("")]
    [DataRow("9999999 TiB")]
    [DataRow(null)]
    public void Refuses_what_is_not_a_whole_size(string? text) => Assert.IsFalse(ByteSizeText.TryParse(text, out _));
}
