using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Tests;

/// <summary>The typed setting accessors plugins read their settings with: values, defaults and refusals that name the
/// driver, the key and what is accepted.</summary>
[TestClass]
public sealed class DriverConfigurationTests
{
    private enum Mode
    {
        Pio,
        PioMultiple,
        Dma,
    }

    [TestMethod]
    public void Absent_settings_give_the_defaults()
    {
        var configuration = With();

        Assert.AreEqual(7u, configuration.GetUInt32("n", 7));
        Assert.AreEqual(512L, configuration.GetSize("s", 512));
        Assert.IsTrue(configuration.GetBoolean("b", true));
        Assert.AreEqual(Mode.Dma, configuration.GetEnum("m", Mode.Dma));
        Assert.IsNull(configuration.GetPath("p"));
    }

    [TestMethod]
    public void Present_settings_are_parsed()
    {
        var configuration = With(("n", "0x10"), ("s", "1 MiB"), ("b", "False"), ("m", "PIO-multiple"), ("p", "keys/a.key"));

        Assert.AreEqual(16u, configuration.GetUInt32("n", 7));
        Assert.AreEqual(1L << 20, configuration.GetSize("s", 0, multipleOf: 512));
        Assert.IsFalse(configuration.GetBoolean("b", true));
        Assert.AreEqual(Mode.PioMultiple, configuration.GetEnum("m", Mode.Dma));
        Assert.AreEqual(Path.GetFullPath("keys/a.key", "/manifests"), configuration.GetPath("p"));
    }

    [TestMethod]
    public void Refusals_name_the_driver_the_key_and_the_accepted_values()
    {
        var configuration = With(("n", "12"), ("s", "1000"), ("b", "yes"), ("m", "udma"), ("p", " "));

        AssertRefused(() => configuration.GetUInt32("n", 0, minimum: 1, maximum: 10), "n", "dump_test: setting 'n' must be a whole number from 1 to 10, not '12'.");
        AssertRefused(() => configuration.GetSize("s", 0, multipleOf: 512), "s", "dump_test: setting 's' must be a size that is a multiple of 512 bytes (bytes, or a number with B, KiB, MiB, GiB, TiB, KB, MB, GB or TB), not '1000'.");
        AssertRefused(() => configuration.GetBoolean("b", false), "b", "dump_test: setting 'b' must be true or false, not 'yes'.");
        AssertRefused(() => configuration.GetEnum("m", Mode.Pio), "m", "dump_test: setting 'm' must be pio, pio-multiple or dma, not 'udma'.");
        AssertRefused(() => configuration.GetPath("p"), "p", "dump_test: setting 'p' must be a file path (relative to the manifest's folder), not ' '.");
    }

    [TestMethod]
    [DataRow("-1")]
    [DataRow("4294967296")]
    [DataRow("1.5")]
    [DataRow("0xZZ")]
    public void A_value_that_is_not_a_32_bit_whole_number_is_refused(string value)
    {
        var error = Assert.ThrowsExactly<DriverSettingException>(() => With(("n", value)).GetUInt32("n", 0));
        StringAssert.Contains(error.Message, "must be a whole number, 0 or more");
    }

    [TestMethod]
    [DataRow("Bad")]
    [DataRow("bad-key")]
    [DataRow("1key")]
    [DataRow("")]
    public void A_declared_setting_key_is_snake_case(string key) =>
        Assert.ThrowsExactly<ArgumentException>(() => new DriverSetting(key, "x"), key);

    private static void AssertRefused(Action read, string key, string message)
    {
        var error = Assert.ThrowsExactly<DriverSettingException>(read);
        Assert.AreEqual(message, error.Message);
        Assert.AreEqual(key, error.Key);
        Assert.AreEqual("dump_test", error.DriverName);
    }

    private static DriverConfiguration With(params (string Key, string Value)[] settings) =>
        new("dump_test", settings.ToDictionary(s => s.Key, s => s.Value), "/manifests");
}
