using DumpFramework.Host.Manifest;
using DumpFramework.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Stack;

/// <summary>
/// A dump stack bound and ready: the port under its alias, the miniport and filters under their <c>dump_</c> names,
/// and one service provider built from their registrations. Disposing it releases the provider first and then
/// unloads every plugin context.
/// </summary>
internal sealed class AssembledStack : IDisposable
{
    private ServiceProvider? _services;

    public AssembledStack(StackManifest manifest, PortBinding binding, LoadedPlugin port, StackMiniport miniport, IReadOnlyList<LoadedPlugin> filters, ServiceProvider services)
    {
        Manifest = manifest;
        Binding = binding;
        Port = port;
        Miniport = miniport;
        Filters = filters;
        _services = services;
    }

    public StackManifest Manifest { get; }

    public PortBinding Binding { get; }

    public LoadedPlugin Port { get; }

    public StackMiniport Miniport { get; }

    public IReadOnlyList<LoadedPlugin> Filters { get; }

    public IServiceProvider Services => _services ?? throw new ObjectDisposedException(Manifest.Name);

    /// <summary>Every plugin load of the stack, top (filters) to bottom (a managed miniport).</summary>
    public IEnumerable<LoadedPlugin> Plugins => Miniport.Plugin is { } miniport ? [.. Filters, Port, miniport] : [.. Filters, Port];

    /// <summary>Every driver's module name, top (filters) to bottom (the miniport).</summary>
    public IEnumerable<string> LoadNames => [.. Filters.Select(f => f.LoadName), Port.LoadName, Miniport.LoadName];

    public void Dispose()
    {
        _services?.Dispose();
        _services = null;
        foreach (var plugin in Plugins)
        {
            plugin.Dispose();
        }
    }
}
