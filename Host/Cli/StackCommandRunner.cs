using DumpFramework.Host.Manifest;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Stack;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Cli;

/// <summary>Loads a manifest and assembles its stack, turning each kind of failure into its message and exit code.</summary>
internal static class StackCommandRunner
{
    public static int WithStack(string manifestPath, string pluginDirectory, TextWriter error, Func<AssembledStack, int> action, Action<IServiceCollection>? hostServices = null)
    {
        try
        {
            var manifest = StackManifestLoader.Load(manifestPath);
            using var catalog = PluginCatalog.LoadAll(pluginDirectory);
            foreach (var (folder, message) in catalog.Failures)
            {
                error.WriteLine($"warning: plugin in {folder} not loaded: {message}");
            }

            using var stack = DumpStackAssembler.Assemble(manifest, catalog, hostServices);
            return action(stack);
        }
        catch (ManifestException failure)
        {
            error.WriteLine(failure.Message);
            return ExitCodes.InvalidInput;
        }
        catch (PluginLoadException failure)
        {
            error.WriteLine($"error: {failure.Message}");
            return ExitCodes.PluginError;
        }
    }
}
