using System.Text.Json.Nodes;
using DumpFramework.Hardware.Controllers;
using DumpFramework.Hardware.Faults;
using DumpFramework.Host.Tests.Scaffolding;

namespace DumpFramework.Host.Tests.Manifest;

/// <summary>The JSON schema and the README say what the controller registry declares: the model names, each model's
/// settings, their meaning and defaults. Adding a model or a setting to the registry fails these until both follow.</summary>
[TestClass]
public sealed class ControllerDeclarationTests
{
    private static JsonNode Schema => JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Require(), "stacks", "stack-manifest.schema.json")))!;

    [TestMethod]
    public void The_schema_enumerates_the_registered_models()
    {
        var names = Schema["$defs"]!["controllerModel"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

        CollectionAssert.AreEqual(ControllerModels.All.Select(m => m.Name).ToArray(), names);
    }

    [TestMethod]
    public void The_schema_gives_each_model_exactly_its_registered_settings()
    {
        var schema = Schema;
        var declared = schema["$defs"]!["controllerSettings"]!.AsObject();
        CollectionAssert.AreEquivalent(ControllerModels.All.Select(m => m.Name).ToArray(), declared.Select(p => p.Key).ToArray());
        foreach (var model in ControllerModels.All)
        {
            var entry = declared[model.Name]!;
            Assert.AreEqual(model.Description, entry["description"]!.GetValue<string>(), model.Name);
            Assert.IsFalse(entry["additionalProperties"]!.GetValue<bool>(), $"{model.Name}: the schema must refuse undeclared settings, as the loader does");
            var properties = entry["properties"]!.AsObject();
            CollectionAssert.AreEqual(model.Settings.Select(s => s.Key).ToArray(), properties.Select(p => p.Key).ToArray(), model.Name);
            foreach (var setting in model.Settings)
            {
                Assert.AreEqual($"{setting.Description} Default: {setting.DefaultText}.", properties[setting.Key]!["description"]!.GetValue<string>(), $"{model.Name}.{setting.Key}");
            }
        }

        // The controller's object form points each model at its own settings.
        var branches = schema["properties"]!["hardware"]!["properties"]!["controller"]!["oneOf"]!.AsArray();
        foreach (var model in ControllerModels.All)
        {
            var branch = branches.SingleOrDefault(b => b!["properties"]?["model"]?["const"]?.GetValue<string>() == model.Name);
            Assert.IsNotNull(branch, $"no controller form for {model.Name}");
            Assert.AreEqual($"#/$defs/controllerSettings/{model.Name}", branch["properties"]!["settings"]!["$ref"]!.GetValue<string>());
        }
    }

    [TestMethod]
    public void The_schema_and_the_readme_list_the_crash_states()
    {
        var names = Schema["properties"]!["hardware"]!["properties"]![CrashStateNames.Key]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        CollectionAssert.AreEqual(CrashStateNames.All.Select(e => e.Name).ToArray(), names);

        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Require(), "README.md"));
        foreach (var (name, _, _) in CrashStateNames.All)
        {
            StringAssert.Contains(readme, $"| `{name}`", $"README.md has no crash_state row for {name}");
        }
    }

    [TestMethod]
    public void The_schema_and_the_readme_list_the_disk_fault_kinds()
    {
        var kinds = Schema["$defs"]!["diskFault"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        CollectionAssert.AreEqual(DiskFaultNames.All.Select(k => k.Name).ToArray(), kinds);

        string[] readme = File.ReadAllLines(Path.Combine(RepositoryRoot.Require(), "README.md"));
        foreach (var (name, _) in DiskFaultNames.All)
        {
            Assert.IsTrue(readme.Any(line => line.StartsWith($"| `{name}` |", StringComparison.Ordinal)), $"README.md has no fault row for {name}");
        }
    }

    [TestMethod]
    public void The_readme_table_lists_each_model_with_its_settings_and_defaults()
    {
        string[] readme = File.ReadAllLines(Path.Combine(RepositoryRoot.Require(), "README.md"));
        foreach (var model in ControllerModels.All)
        {
            string settings = string.Join(", ", model.Settings.Select(s => $"`{s.Key}` ({s.DefaultText})"));
            string row = $"| `{model.Name}` | {settings} |";
            Assert.IsTrue(readme.Contains(row), $"README.md has no row '{row}'");
        }
    }
}
