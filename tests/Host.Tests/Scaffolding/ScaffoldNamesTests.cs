using DumpFramework.Host.Scaffolding;

namespace DumpFramework.Host.Tests.Scaffolding;

[TestClass]
public sealed class ScaffoldNamesTests
{
    [TestMethod]
    [DataRow("Contoso", "ContosoRaid")]
    [DataRow("_Acme", "A")]
    [DataRow("Globex", "G_raid_15_chars")]
    public void Plain_identifiers_and_driver_base_names_are_accepted(string vendor, string name)
    {
        ScaffoldNames.Validate(vendor, name);
    }

    [TestMethod]
    [DataRow("Contoso", "1Raid", "not a C# identifier")]
    [DataRow("Contoso", "Raid-Pro", "not a C# identifier")]
    [DataRow("Contoso", "class", "not a C# identifier")]
    [DataRow("Contoso", "_raid", "not a Windows driver base name")]
    [DataRow("Contoso", "ContosoRaidController", "not a Windows driver base name")]
    [DataRow("Contoso", "lsi_sas", "clashes with the built-in 'LSI_SAS'")]
    [DataRow("Contoso", "DiskDump", "clashes with the built-in 'diskdump'")]
    [DataRow("Contoso", "storport", "clashes with the built-in 'storport'")]
    [DataRow("Contoso", "dumpfve", "clashes with the built-in 'dumpfve'")]
    [DataRow("Con.toso", "Raid", "--vendor 'Con.toso' is not a C# identifier")]
    [DataRow("namespace", "Raid", "--vendor 'namespace' is not a C# identifier")]
    [DataRow("", "Raid", "--vendor '' is not a C# identifier")]
    public void Bad_names_are_rejected_with_the_reason(string vendor, string name, string reason)
    {
        var error = Assert.ThrowsExactly<ScaffoldException>(() => ScaffoldNames.Validate(vendor, name));

        Assert.Contains(reason, error.Message);
    }

    [TestMethod]
    public void Every_built_in_driver_and_port_interface_is_reserved()
    {
        foreach (string name in new[] { "diskdump", "dumpata", "atapi", "LSI_SAS", "vmscsi", "pvscsi", "dumpfve", "scsiport", "storport", "ataport" })
        {
            Assert.Contains(name, ScaffoldNames.Reserved);
        }
    }
}
