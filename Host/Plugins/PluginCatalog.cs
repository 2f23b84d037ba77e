namespace DumpFramework.Host.Plugins;

/// <summary>
/// Discovers plugins under <c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c> and loads each into its own context. The
/// catalog owns the loads it makes; disposing it unloads whatever a stack did not take over.
/// </summary>
internal sealed class PluginCatalog : IDisposable
{
    private readonly List<LoadedPlugin> _loaded = [];

    private PluginCatalog(string directory) => Directory = directory;

    /// <summary>The folder the plugins were discovered in.</summary>
    public string Directory { get; }

    public IReadOnlyList<LoadedPlugin> Plugins => _loaded;

    /// <summary>Plugins that failed to load, with the reason.</summary>
    public IReadOnlyList<(string Folder, string Error)> Failures { get; private set; } = [];

    /// <summary>The default plugin folder: <c>DUMPSTACK_PLUGINS</c> when set, else <c>plugins/</c> beside the host.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("DUMPSTACK_PLUGINS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Main assemblies of the plugins in <paramref name="directory"/>, one per sub-folder.</summary>
    public static IReadOnlyList<string> Discover(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new PluginLoadException($"plugin folder {directory} does not exist (build the solution, or set --plugins / DUMPSTACK_PLUGINS)");
        }

        return [.. System.IO.Directory.GetDirectories(directory)
            .Order(StringComparer.Ordinal)
            .Select(folder => Path.Combine(folder, Path.GetFileName(folder) + ".dll"))
            .Where(File.Exists)];
    }

    /// <summary>Loads every plugin in the folder; a plugin that fails is recorded in <see cref="Failures"/>.</summary>
    public static PluginCatalog LoadAll(string directory)
    {
        var catalog = new PluginCatalog(directory);
        var failures = new List<(string, string)>();
        foreach (string assembly in Discover(directory))
        {
            try
            {
                var plugin = LoadedPlugin.Load(assembly);
                if (catalog._loaded.Any(p => string.Equals(p.Descriptor.BaseName, plugin.Descriptor.BaseName, StringComparison.OrdinalIgnoreCase)))
                {
                    plugin.Dispose();
                    failures.Add((Path.GetDirectoryName(assembly)!, $"a second driver named '{plugin.Descriptor.BaseName}'"));
                    continue;
                }

                catalog._loaded.Add(plugin);
            }
            catch (PluginLoadException error)
            {
                failures.Add((Path.GetDirectoryName(assembly)!, error.Message));
            }
        }

        catalog.Failures = failures;
        return catalog;
    }

    public LoadedPlugin? Find(string baseName) =>
        _loaded.FirstOrDefault(p => string.Equals(p.Descriptor.BaseName, baseName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Hands a loaded plugin over to a stack: the catalog no longer unloads it.</summary>
    public LoadedPlugin Take(LoadedPlugin plugin)
    {
        _loaded.Remove(plugin);
        return plugin;
    }

    public void Dispose()
    {
        foreach (var plugin in _loaded)
        {
            plugin.Dispose();
        }

        _loaded.Clear();
    }
}
