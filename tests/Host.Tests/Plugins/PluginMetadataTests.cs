using DumpFramework.Abstractions.Drivers;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Tests.Support;

namespace DumpFramework.Host.Tests.Plugins;

/// <summary>A plugin's identity has one source, its assembly attributes: the host's metadata decoding gives what
/// reflection over the loaded assembly gives, and the contract version comes from the attribute's default parameters.</summary>
[TestClass]
public sealed class PluginMetadataTests
{
    [TestMethod]
    public void The_identity_read_from_metadata_equals_the_attributes_of_the_loaded_assembly()
    {
        var catalog = PluginCatalog.Open(TestPaths.Plugins);
        Assert.HasCount(7, catalog.Plugins);
        foreach (var fromMetadata in catalog.Plugins)
        {
            using var loaded = catalog.Load(fromMetadata);
            var fromReflection = DriverIdentity.FromAssembly(loaded.Entry.GetType().Assembly);
            string name = fromMetadata.BaseName;
            Assert.AreEqual(fromReflection.Kind, fromMetadata.Kind, name);
            Assert.AreEqual(fromReflection.BaseName, fromMetadata.BaseName, name);
            Assert.AreEqual(fromReflection.Version, fromMetadata.Version, name);
            Assert.AreEqual(fromReflection.ContractVersion, fromMetadata.ContractVersion, name);
            Assert.AreEqual(new Version(DumpContract.MajorVersion, DumpContract.MinorVersion), fromMetadata.ContractVersion, name);
            CollectionAssert.AreEqual(fromReflection.Exports.ToArray(), fromMetadata.Exports.ToArray(), name);
            Assert.AreEqual(fromReflection.LinksAgainst, fromMetadata.LinksAgainst, name);
            Assert.AreEqual(fromReflection.Description, fromMetadata.Description, name);
            CollectionAssert.AreEqual(fromReflection.NotImplemented.ToArray(), fromMetadata.NotImplemented.ToArray(), name);
            CollectionAssert.AreEqual(
                fromReflection.Settings.Select(s => (s.Key, s.Description, s.Values, s.Default, s.Required)).ToArray(),
                fromMetadata.Settings.Select(s => (s.Key, s.Description, s.Values, s.Default, s.Required)).ToArray(),
                name);
        }
    }

    [TestMethod]
    public void A_port_declares_the_defaults_it_uses()
    {
        // The listed default is the one in force: a port configured with no settings behaves as declared (the ports
        // read their defaults from their own attributes); here the declarations themselves, per port.
        var catalog = PluginCatalog.Open(TestPaths.Plugins);
        string Default(string port, string key) => catalog.Find(port)!.Settings.Single(s => s.Key == key).Default!;
        Assert.AreEqual("5", Default("diskdump", "retry_limit"));
        Assert.AreEqual("1000", Default("diskdump", "busy_resubmit_limit"));
        Assert.AreEqual("1", Default("dumpata", "retry_limit"));
        Assert.AreEqual("1", Default("dumpata", "busy_resubmit_limit"));
    }

    [TestMethod]
    public void A_contract_major_other_than_the_hosts_is_refused_naming_both()
    {
        var identity = DriverIdentity.FromAttributes(new DumpDriverAttribute(DriverKind.Filter, "later", "1.0", DumpContract.MajorVersion + 1, 0), []);
        var error = Assert.ThrowsExactly<PluginLoadException>(() => ContractCompatibility.CheckIdentity(identity, "Later.dll"));
        StringAssert.Contains(error.Message, $"contract {DumpContract.MajorVersion + 1}.0");
        StringAssert.Contains(error.Message, $"this host provides contract {DumpContract.MajorVersion}.{DumpContract.MinorVersion}");
    }

    [TestMethod]
    [DataRow("bad-name", "1.0", "not a valid driver base name")]
    [DataRow("good", "one", "is not a version")]
    public void Unusable_declarations_are_refused(string baseName, string version, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => DriverIdentity.FromAttributes(new DumpDriverAttribute(DriverKind.Filter, baseName, version), []));
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void A_declaration_must_fit_its_kind_and_name_each_setting_once()
    {
        Assert.Throws<ArgumentException>(() => DriverIdentity.FromAttributes(new DumpDriverAttribute(DriverKind.Miniport, "nolink", "1.0"), []));
        Assert.Throws<ArgumentException>(() => DriverIdentity.FromAttributes(new DumpDriverAttribute(DriverKind.Port, "noexports", "1.0"), []));
        Assert.Throws<ArgumentException>(() => DriverIdentity.FromAttributes(new DumpDriverAttribute(DriverKind.Filter, "linked", "1.0") { LinksAgainst = PortInterface.StorPort }, []));
        var twice = Assert.Throws<ArgumentException>(() => DriverIdentity.FromAttributes(
            new DumpDriverAttribute(DriverKind.Filter, "twice", "1.0"),
            [new DumpDriverSettingAttribute("key", "a"), new DumpDriverSettingAttribute("key", "b")]));
        StringAssert.Contains(twice.Message, "declared twice");
        var identity = DriverIdentity.FromAttributes(
            new DumpDriverAttribute(DriverKind.Miniport, "linked", "2.1") { LinksAgainst = PortInterface.AtaPort, Description = "d" },
            [new DumpDriverSettingAttribute("mode", "m") { Values = "a | b", Default = "a" }]);
        Assert.AreEqual(PortInterface.AtaPort, identity.LinksAgainst);
        Assert.AreEqual(new Version(2, 1), identity.Version);
        Assert.AreEqual("a", identity.Settings.Single().Default);
    }
}
