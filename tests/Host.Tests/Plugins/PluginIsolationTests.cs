using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Stack;
using DumpFramework.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Tests.Plugins;

[TestClass]
public sealed class PluginIsolationTests
{
    [TestMethod]
    public void Each_builtin_plugin_loads_in_its_own_context_sharing_the_contract()
    {
        var catalog = PluginCatalog.Open(TestPaths.Plugins);
        Assert.AreEqual(0, catalog.Problems.Count, string.Join("; ", catalog.Problems));
        CollectionAssert.AreEquivalent(
            new[] { "diskdump", "dumpata", "atapi", "LSI_SAS", "vmscsi", "pvscsi", "dumpfve" },
            catalog.Plugins.Select(p => p.BaseName).ToArray());

        var loads = catalog.Plugins.Select(p => catalog.Load(p)).ToList();
        try
        {
            var contexts = loads.Select(p => AssemblyLoadContext.GetLoadContext(p.Entry.GetType().Assembly)).ToList();
            Assert.IsTrue(contexts.All(c => c is not null && c != AssemblyLoadContext.Default), "a plugin was loaded into the default context");
            Assert.AreEqual(contexts.Count, contexts.Distinct().Count(), "two plugins share a load context");
            Assert.IsTrue(contexts.All(c => c!.IsCollectible));

            // The contract is shared: the plugin's IDriverPlugin is the host's.
            foreach (var plugin in loads)
            {
                var contractInPlugin = plugin.Entry.GetType().GetInterfaces().Single(i => i.Name == nameof(IDriverPlugin));
                Assert.AreSame(typeof(IDriverPlugin), contractInPlugin);
                Assert.IsFalse(File.Exists(Path.Combine(plugin.Descriptor.Folder, "DumpFramework.Abstractions.dll")), "the contract was shipped with " + plugin.Descriptor.BaseName);
            }
        }
        finally
        {
            loads.ForEach(p => p.Dispose());
        }
    }

    [TestMethod]
    public void A_private_dependency_keeps_its_own_version()
    {
        using var plugin = LoadedPlugin.Load(TestPaths.TestPlugin("PrivateDependencyPlugin"));
        var hostYaml = typeof(YamlDotNet.RepresentationModel.YamlStream).Assembly.GetName().Version!;
        Assert.AreEqual(18, hostYaml.Major);
        var services = new ServiceCollection();
        plugin.Entry.ConfigureServices(services, new DriverConfiguration("dump_privdep", new Dictionary<string, string>(), AppContext.BaseDirectory));
        using (var provider = services.BuildServiceProvider())
        {
            StringAssert.StartsWith(provider.GetRequiredKeyedService<string>("yamldotnet"), "16.", "the plugin did not get its own YamlDotNet");
        }

        Assert.IsFalse(
            AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == "YamlDotNet" && a.GetName().Version!.Major == 16),
            "the plugin's YamlDotNet leaked into the default context");
    }

    [TestMethod]
    public void A_plugin_built_against_a_newer_contract_is_refused_naming_both_versions()
    {
        var error = Assert.ThrowsExactly<PluginLoadException>(() => LoadedPlugin.Load(TestPaths.TestPlugin("FutureContractPlugin")));
        StringAssert.Contains(error.Message, "3.0.0.0");
        StringAssert.Contains(error.Message, "2.0.0.0");
        StringAssert.Contains(error.Message, "FutureContractPlugin.dll");
    }

    [TestMethod]
    public void Disposing_a_stack_unloads_every_plugin_context()
    {
        var (weakContexts, loads) = AssembleAndDispose(TestPaths.Stack("lsi-sas-fve"));
        Assert.AreEqual(3, loads.Count);
        for (int i = 0; i < 20 && weakContexts.Any(w => w.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        CollectionAssert.AreEqual(new[] { false, false, false }, weakContexts.Select(w => w.IsAlive).ToArray(), "still loaded: " + string.Join(", ", loads.Where((_, i) => weakContexts[i].IsAlive)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (List<WeakReference> Contexts, List<string> Loads) AssembleAndDispose(string manifestPath)
    {
        var manifest = StackManifestLoader.Load(manifestPath);
        var stack = DumpStackAssembler.Assemble(manifest, PluginCatalog.Open(TestPaths.Plugins));
        var contexts = stack.Plugins.Select(p => new WeakReference(AssemblyLoadContext.GetLoadContext(p.Entry.GetType().Assembly))).ToList();
        var loads = stack.Plugins.Select(p => p.LoadName).ToList();
        CollectionAssert.AreEqual(new[] { "dump_dumpfve", "dump_storport", "dump_LSI_SAS" }, loads);
        stack.Dispose();
        return (contexts, loads);
    }
}
