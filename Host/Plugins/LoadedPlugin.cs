using System.Reflection;
using System.Runtime.CompilerServices;
using DumpFramework.Abstractions.Drivers;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Plugins;

/// <summary>
/// One plugin loaded into its own collectible load context, sharing only the contract and the DI abstractions with
/// the host. Disposing starts the unload; <see cref="IsCollected"/> tells whether the context is really gone.
/// </summary>
internal sealed class LoadedPlugin : IDisposable
{
    private readonly WeakReference _context;
    private PluginLoader? _loader;
    private IDriverPlugin? _entry;

    private LoadedPlugin(PluginLoader loader, IDriverPlugin entry, DriverDescriptor descriptor, string loadName)
    {
        _loader = loader;
        _entry = entry;
        Descriptor = descriptor;
        LoadName = loadName;
        _context = new WeakReference(loader.LoadContext);
    }

    public DriverDescriptor Descriptor { get; }

    /// <summary>The module name this load stands for, e.g. <c>dump_diskdump</c> or <c>dump_storport</c>.</summary>
    public string LoadName { get; }

    /// <summary>The plugin's entry object; only valid until <see cref="Dispose"/>.</summary>
    public IDriverPlugin Entry => _entry ?? throw new ObjectDisposedException(LoadName);

    /// <summary>Reads the identity of the plugin at <paramref name="assemblyPath"/> from its metadata, checks its contract
    /// and loads it. No integrity check: production loads go through <see cref="PluginCatalog.Load"/>.</summary>
    /// <param name="assemblyPath">The plugin's main assembly.</param>
    /// <param name="loadName">The module name of this load; <see langword="null"/> for <c>dump_</c>+base name.</param>
    public static LoadedPlugin Load(string assemblyPath, string? loadName = null)
    {
        var metadata = PluginMetadata.Read(assemblyPath);
        ContractCompatibility.CheckReferencedContract(metadata.ContractReference, assemblyPath);
        ContractCompatibility.CheckIdentity(metadata.Identity, assemblyPath);
        return Load(DriverDescriptor.From(metadata.Identity, assemblyPath), loadName);
    }

    /// <summary>Loads the plugin <paramref name="descriptor"/> was read from (its identity and contract already checked)
    /// into a context of its own and creates its entry object: the first of the plugin's code to run.</summary>
    /// <param name="descriptor">The plugin, as read from its metadata.</param>
    /// <param name="loadName">The module name of this load; <see langword="null"/> for <c>dump_</c>+base name.</param>
    /// <param name="collectible">Whether the context can be unloaded. A process that dumps once and exits loads its
    /// bound plugins for good (<see langword="false"/>): the runtime runs ReadyToRun-precompiled code only in contexts
    /// that are not collectible, so the plugins' code is not JIT-compiled at the dump's start. A context that is not
    /// collectible stays until the process ends; <see cref="Dispose"/> then only drops the references.</param>
    public static LoadedPlugin Load(DriverDescriptor descriptor, string? loadName = null, bool collectible = true)
    {
        string assemblyPath = descriptor.AssemblyPath;
        PluginLoader loader;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(
                assemblyPath,
                isUnloadable: collectible,
                sharedTypes: [typeof(IDriverPlugin), typeof(IServiceCollection)]);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The loader reads the plugin's deps.json and runtimeconfig.json here: data from the plugin's folder.
            throw new PluginLoadException($"{Path.GetFileName(assemblyPath)} cannot be loaded: {DescribeLoaderFailure(assemblyPath, error)}", error);
        }

        try
        {
            var entry = CreateEntry(loader, assemblyPath);
            return new LoadedPlugin(loader, entry, descriptor, loadName ?? descriptor.DumpName);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    /// <summary>Whether the load context has been collected (call after <see cref="Dispose"/>).</summary>
    public bool IsCollected(int attempts = 10)
    {
        for (int i = 0; i < attempts && _context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return !_context.IsAlive;
    }

    public void Dispose()
    {
        _entry = null;
        _loader?.Dispose();
        _loader = null;
    }

    // A malformed deps.json or runtimeconfig.json is the likely cause of a loader failure, and the loader's message does
    // not say which file it was reading: name the one that is not JSON.
    private static string DescribeLoaderFailure(string assemblyPath, Exception error)
    {
        string stem = Path.ChangeExtension(assemblyPath, null);
        string? manifest = new[] { stem + ".deps.json", stem + ".runtimeconfig.json" }.FirstOrDefault(file => File.Exists(file) && !IsJson(file));
        string message = (error as TargetInvocationException)?.InnerException?.Message ?? error.Message;
        return manifest is null ? message : $"{Path.GetFileName(manifest)} is not valid: {message}";
    }

    private static bool IsJson(string file)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(file));
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IDriverPlugin CreateEntry(PluginLoader loader, string assemblyPath)
    {
        Assembly assembly;
        Type[] types;
        try
        {
            assembly = loader.LoadDefaultAssembly();
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException error)
        {
            string causes = string.Join("; ", error.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct());
            throw new PluginLoadException($"{Path.GetFileName(assemblyPath)}: its types cannot be loaded: {causes}", error);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Loading resolves the plugin's dependencies from its deps.json: anything wrong there surfaces here.
            throw new PluginLoadException($"{Path.GetFileName(assemblyPath)} cannot be loaded: {DescribeLoaderFailure(assemblyPath, error)}", error);
        }

        var entries = types.Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i.FullName == typeof(IDriverPlugin).FullName)).ToList();
        if (entries.Count != 1)
        {
            throw new PluginLoadException($"{Path.GetFileName(assemblyPath)} must contain exactly one public class implementing {nameof(IDriverPlugin)}; it has {entries.Count}.");
        }

        // A type that implements an IDriverPlugin of another identity (a private copy of the contract) is not ours.
        if (!typeof(IDriverPlugin).IsAssignableFrom(entries[0]))
        {
            throw new PluginLoadException($"{Path.GetFileName(assemblyPath)} implements {nameof(IDriverPlugin)} from its own copy of the contract; build it with the contract reference marked Private=false and ExcludeAssets=runtime.");
        }

        try
        {
            return (IDriverPlugin)Activator.CreateInstance(entries[0])!;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The plugin's first code (module initializer, static and instance constructors) runs here.
            throw new PluginLoadException($"{Path.GetFileName(assemblyPath)}: creating {entries[0].Name} failed: {(error.InnerException ?? error).Message}", error);
        }
    }
}
