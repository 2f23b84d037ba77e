using System.Runtime.CompilerServices;
using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Native;
using DumpFramework.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Stack;

/// <summary>
/// Builds a dump stack from a manifest the way crashdmp loads the dump stack: resolves each driver in the catalog,
/// binds the dump port under its alias (transient load, query, real unload, reload), and builds the stack's service
/// provider from the plugins' registrations with the host's services underneath.
/// </summary>
internal static class DumpStackAssembler
{
    /// <summary>Assembles the stack <paramref name="manifest"/> names.</summary>
    /// <param name="manifest">The stack.</param>
    /// <param name="catalog">Where its plugins are.</param>
    /// <param name="hostServices">The host's services under the plugins'.</param>
    /// <param name="collectible">Whether the bound loads can be unloaded: <see langword="false"/> in a process that dumps
    /// once (precompiled plugin code runs). The transient port load is always collectible: its unload is proven.</param>
    public static AssembledStack Assemble(StackManifest manifest, PluginCatalog catalog, Action<IServiceCollection>? hostServices = null, bool collectible = true)
    {
        // Every named plugin is identified from metadata, its settings' keys checked and its files checked against the
        // lock before the code of any of them runs.
        var port = Resolve(catalog, manifest.Port, DriverKind.Port);
        var native = manifest.Miniport.Native;
        var miniport = native is null ? Resolve(catalog, manifest.Miniport, DriverKind.Miniport) : null;
        var filters = manifest.Filters.Select(f => Resolve(catalog, f, DriverKind.Filter)).ToList();
        var links = native?.Links ?? miniport!.LinksAgainst
            ?? throw new ManifestException(manifest.Miniport.Location, $"{miniport!.DumpName} does not say which port interface it links against");
        foreach (var plugin in new[] { port }.Concat(miniport is null ? [] : [miniport]).Concat(filters))
        {
            catalog.Verify(plugin);
        }

        // A native library goes through the same rule before anything of it runs: its hash against its pin.
        string nativeName = DumpContract.CrashDumpPrefix + manifest.Miniport.BaseName;
        var nativeState = native is null ? null : new NativeMiniportState(nativeName, native, catalog.VerifyNative(native, nativeName));

        StartupTrace.Mark("plugins resolved and verified");
        var binding = BindPort(manifest, catalog.Load(port), links);
        StartupTrace.Mark("port bound (transient load, unload proof)");
        var loaded = new List<LoadedPlugin>();
        try
        {
            var boundPort = catalog.Load(port, binding.Alias, collectible);
            loaded.Add(boundPort);
            StackMiniport stackMiniport;
            if (nativeState is null)
            {
                var miniportLoad = catalog.Load(miniport!, collectible: collectible);
                loaded.Add(miniportLoad);
                stackMiniport = StackMiniport.Managed(miniportLoad, links);
            }
            else
            {
                stackMiniport = StackMiniport.NativeLibrary(nativeState);
            }

            var filterLoads = new List<LoadedPlugin>();
            foreach (var filter in filters)
            {
                filterLoads.Add(catalog.Load(filter, collectible: collectible));
                loaded.Add(filterLoads[^1]);
            }

            var services = new ServiceCollection();
            hostServices?.Invoke(services);
            Configure(boundPort, manifest.Port, manifest, services);
            if (stackMiniport.Plugin is { } managed)
            {
                Configure(managed, manifest.Miniport, manifest, services);
            }
            else
            {
                ConfigureNative(nativeState!, links, services);
            }

            for (int i = 0; i < filterLoads.Count; i++)
            {
                Configure(filterLoads[i], manifest.Filters[i], manifest, services);
            }

            var provider = services.BuildServiceProvider();
            CheckRegistrations(provider, manifest, boundPort, stackMiniport.LoadName, filterLoads, links);
            StartupTrace.Mark("bound loads, services");
            return new AssembledStack(manifest, binding, boundPort, stackMiniport, filterLoads, provider);
        }
        catch
        {
            foreach (var plugin in loaded)
            {
                plugin.Dispose();
            }

            throw;
        }
    }

    private static DriverDescriptor Resolve(PluginCatalog catalog, DriverReference reference, DriverKind kind)
    {
        DriverDescriptor? plugin;
        try
        {
            plugin = catalog.Find(reference.BaseName);
        }
        catch (PluginLoadException error)
        {
            throw new PluginLoadException($"{reference.Location}: {Describe(kind)} {error.Message}", error);
        }

        if (plugin is null)
        {
            string known = string.Join(", ", catalog.Plugins.Where(p => p.Kind == kind).Select(p => p.BaseName));
            throw new ManifestException(reference.Location, $"unknown {Describe(kind)} plugin '{reference.BaseName}' (installed in {catalog.Directory}: {(known.Length == 0 ? "none" : known)})");
        }

        if (plugin.Kind != kind)
        {
            throw new ManifestException(reference.Location, $"'{reference.BaseName}' is a {Describe(plugin.Kind)}, not a {Describe(kind)}");
        }

        CheckSettingKeys(plugin, reference);
        return plugin;
    }

    // One rule for every plugin, before any of its code runs: a key the driver does not declare is a mistake (a
    // misspelt setting must not silently leave the default in force).
    private static void CheckSettingKeys(DriverDescriptor descriptor, DriverReference reference)
    {
        foreach (string key in reference.Settings.Keys)
        {
            if (!descriptor.Settings.Any(s => string.Equals(s.Key, key, StringComparison.Ordinal)))
            {
                string known = descriptor.Settings.Count == 0 ? "none (it takes no settings)" : string.Join(", ", descriptor.Settings.Select(s => s.Key));
                throw new ManifestException(reference.LocateKey(key), $"{descriptor.DumpName}: unknown setting '{key}'; known: {known}");
            }
        }
    }

    // A refused value is reported where it is written when the driver says which setting it was.
    private static ManifestException Refused(string loadName, DriverReference reference, Exception error) => error switch
    {
        DriverSettingException setting when reference.Settings.ContainsKey(setting.Key) =>
            new ManifestException(reference.LocateValue(setting.Key), $"{loadName} refused its configuration: {error.Message}"),
        _ => new ManifestException(reference.Location, $"{loadName} refused its configuration: {error.Message}"),
    };

    private static PortBinding BindPort(StackManifest manifest, LoadedPlugin transientPort, PortInterface links)
    {
        var descriptor = transientPort.Descriptor;
        PortInterface? selected;
        try
        {
            selected = AskBinding(transientPort, manifest, links);
        }
        finally
        {
            transientPort.Dispose();
        }

        StartupTrace.Mark("transient port queried");
        // The transient image must really go away before the same image is bound again under its alias.
        bool collected = transientPort.IsCollected(attempts: 20);
        if (selected is not { } bound)
        {
            string exports = descriptor.Exports.Count == 0 ? "nothing" : string.Join(", ", descriptor.Exports.Select(e => e.ToImageName()));
            throw new ManifestException(manifest.Miniport.Location, $"dump_{manifest.Miniport.BaseName} links against {links.ToImageName()}, which the port {descriptor.BaseName} ({descriptor.DumpName}) does not export; it exports {exports}");
        }

        if (!collected)
        {
            throw new PluginLoadException($"the transient load {descriptor.DumpName} was not unloaded: something still holds one of its objects");
        }

        return new PortBinding(descriptor.BaseName, descriptor.DumpName, bound, collected);
    }

    // Kept out of line so that no reference to the transient plugin's objects survives in the caller's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PortInterface? AskBinding(LoadedPlugin transientPort, StackManifest manifest, PortInterface links)
    {
        var services = new ServiceCollection();
        try
        {
            transientPort.Entry.ConfigureServices(services, new DriverConfiguration(transientPort.LoadName, manifest.Port.Settings, manifest.Directory));
        }
        catch (Exception error) when (error is not ManifestException)
        {
            // The port's settings are first read here, at the transient load: refused settings are a manifest error.
            throw Refused(transientPort.LoadName, manifest.Port, error);
        }

        using var provider = services.BuildServiceProvider();
        var binding = provider.GetService<IDumpPortBinding>();
        return binding is not null
            ? binding.SelectBinding(links)
            : transientPort.Descriptor.Exports.Contains(links) ? links : null;
    }

    private static void Configure(LoadedPlugin plugin, DriverReference reference, StackManifest manifest, IServiceCollection services)
    {
        try
        {
            plugin.Entry.ConfigureServices(services, new DriverConfiguration(plugin.LoadName, reference.Settings, manifest.Directory));
        }
        catch (Exception error) when (error is not ManifestException)
        {
            throw Refused(plugin.LoadName, reference, error);
        }
    }

    // The native miniport's adapter: the port engine drives it as any IScsiMiniport, its entry points run in the worker.
    private static void ConfigureNative(NativeMiniportState state, PortInterface links, IServiceCollection services)
    {
        services.AddSingleton(state);
        services.AddSingleton<IScsiMiniport>(provider => new NativeScsiMiniport(
            links == PortInterface.StorPort ? provider.GetRequiredService<IStorPortServices>() : provider.GetRequiredService<IScsiPortServices>(),
            provider.GetRequiredService<DumpStackContext>(),
            provider.GetRequiredService<IDumpLog>(),
            state));
    }

    private static void CheckRegistrations(ServiceProvider provider, StackManifest manifest, LoadedPlugin port, string miniportName, List<LoadedPlugin> filters, PortInterface links)
    {
        var registered = provider.GetRequiredService<IServiceProviderIsKeyedService>();
        if (!registered.IsService(typeof(IDumpPort)))
        {
            throw new ManifestException(manifest.Port.Location, $"{port.LoadName} registered no {nameof(IDumpPort)}");
        }

        var miniportService = links == PortInterface.AtaPort ? typeof(IAtaChannelMiniport) : typeof(IScsiMiniport);
        if (!registered.IsService(miniportService))
        {
            throw new ManifestException(manifest.Miniport.Location, $"{miniportName} registered no {miniportService.Name}");
        }

        for (int i = 0; i < filters.Count; i++)
        {
            if (!registered.IsKeyedService(typeof(IDumpFilter), filters[i].Descriptor.BaseName))
            {
                throw new ManifestException(manifest.Filters[i].Location, $"{filters[i].LoadName} registered no {nameof(IDumpFilter)} keyed '{filters[i].Descriptor.BaseName}'");
            }
        }
    }

    private static string Describe(DriverKind kind) => kind switch
    {
        DriverKind.Port => "port",
        DriverKind.Miniport => "miniport",
        _ => "filter",
    };
}
