using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Tests.Filters.TestSupport;

/// <summary>
/// A filter plugin loaded from its built assembly the way the host loads it (own load context), configured into a
/// service collection holding the real physical address space (as IPhysicalMemory and IDmaAllocator) over writable
/// synthetic memory and a recording dump log, and its keyed <see cref="IDumpFilter"/>.
/// </summary>
internal sealed class FilterUnderTest : IDisposable
{
    /// <summary>Where the dumped memory starts.</summary>
    public const ulong DataBase = 0x10_0000;

    /// <summary>How much dumped memory there is.</summary>
    public const ulong DataLength = 256UL << 20;

    private readonly LoadedPlugin _plugin;
    private readonly ServiceProvider _provider;

    private FilterUnderTest(LoadedPlugin plugin, ServiceProvider provider, IDumpFilter filter, PhysicalAddressSpace memory, RecordingDumpLog log)
    {
        _plugin = plugin;
        _provider = provider;
        Filter = filter;
        Memory = memory;
        Log = log;
    }

    public IDumpFilter Filter { get; }

    /// <summary>Dumped memory at 1 MiB..257 MiB (writable, for placing test data), DMA buffers elsewhere.</summary>
    public PhysicalAddressSpace Memory { get; }

    public RecordingDumpLog Log { get; }

    public string LoadName => _plugin.LoadName;

    public static string BuiltInPlugin(string name) => Path.Combine(AppContext.BaseDirectory, "plugins", name, name + ".dll");

    public static FilterUnderTest Load(string assemblyPath, IReadOnlyDictionary<string, string> settings, string manifestDirectory)
    {
        var plugin = LoadedPlugin.Load(assemblyPath);
        var memory = new PhysicalAddressSpace(new SyntheticMemory([new PhysicalRange(DataBase, DataLength)], seed: 7, writable: true));
        try
        {
            var log = new RecordingDumpLog();
            var services = new ServiceCollection();
            services.AddSingleton<IPhysicalMemory>(memory);
            services.AddSingleton<IDmaAllocator>(memory);
            services.AddSingleton<IDumpLog>(log);
            plugin.Entry.ConfigureServices(services, new DriverConfiguration(plugin.LoadName, settings, manifestDirectory));
            var provider = services.BuildServiceProvider();
            var filter = provider.GetRequiredKeyedService<IDumpFilter>(plugin.Descriptor.BaseName);
            return new FilterUnderTest(plugin, provider, filter, memory, log);
        }
        catch
        {
            memory.Dispose();
            plugin.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _provider.Dispose();
        _plugin.Dispose();
        Memory.Dispose();
    }
}
