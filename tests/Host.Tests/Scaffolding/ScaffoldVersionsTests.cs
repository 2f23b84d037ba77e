using System.Text.Json;
using System.Xml.Linq;
using DumpFramework.Host.Scaffolding;

namespace DumpFramework.Host.Tests.Scaffolding;

/// <summary>Generated projects pin what the repository itself builds with.</summary>
[TestClass]
public sealed class ScaffoldVersionsTests
{
    [TestMethod]
    public void The_generated_MSTest_Sdk_is_the_repositorys()
    {
        using var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Require(), "global.json")));

        Assert.AreEqual(ScaffoldVersions.MSTestSdk, globalJson.RootElement.GetProperty("msbuild-sdks").GetProperty("MSTest.Sdk").GetString());
    }

    [TestMethod]
    public void The_generated_package_versions_are_the_hosts()
    {
        string root = RepositoryRoot.Require();
        var packages = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        var props = XDocument.Load(Path.Combine(root, "Directory.Build.props"));

        Assert.AreEqual(packages["Microsoft.Extensions.DependencyInjection.Abstractions"], ScaffoldVersions.DependencyInjection);
        Assert.AreEqual(props.Descendants("Version").Single().Value, ScaffoldVersions.Abstractions);
    }
}
