using DumpFramework.Abstractions.Ata;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Ide;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Tests.Filters.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Tests.Ports;

/// <summary>
/// The real built PortAta plugin, loaded in its own context the way the host loads it, configured with manifest
/// settings into a service collection holding a stack context (a PIIX IDE adapter for the failure messages, two common
/// buffers, a virtual stall clock) and a <see cref="ScriptedAtaChannel"/> as its miniport.
/// </summary>
internal sealed class AtaPortBench : IDisposable
{
    /// <summary>Where the data written by <see cref="WriteSectors"/> lives.</summary>
    private const ulong DataAddress = 0x10_0000;

    private readonly LoadedPlugin _plugin;
    private readonly ServiceProvider _provider;
    private readonly PhysicalAddressSpace _memory;

    private AtaPortBench(LoadedPlugin plugin, ServiceProvider provider, PhysicalAddressSpace memory, RecordingDumpLog log)
    {
        _plugin = plugin;
        _provider = provider;
        _memory = memory;
        Log = log;
        Port = provider.GetRequiredService<IDumpPort>();
        Channel = (ScriptedAtaChannel)provider.GetRequiredService<IAtaChannelMiniport>();
    }

    public const string LoadName = "dump_ataport";

    public IDumpPort Port { get; }

    public ScriptedAtaChannel Channel { get; }

    public RecordingDumpLog Log { get; }

    public static string PluginPath => FilterUnderTest.BuiltInPlugin("PortAta");

    /// <summary>Loads the port with <paramref name="settings"/> as its manifest settings and opens it.</summary>
    public static AtaPortBench Open(IReadOnlyDictionary<string, string> settings)
    {
        var plugin = LoadedPlugin.Load(PluginPath);
        var memory = new PhysicalAddressSpace(new SyntheticMemory([new PhysicalRange(DataAddress, 4 << 20)], seed: 3));
        try
        {
            var log = new RecordingDumpLog();
            var buffers = Enumerable.Range(0, DumpContract.CommonBufferCount)
                .Select(_ => (IDmaBuffer)memory.AllocateBuffer(DumpContract.CommonBufferSize, DumpContract.PageSize, below4GiB: true))
                .ToList();
            var context = new DumpStackContext(new EmulatedAdapterResources(new PiixIdeController(memory, null, null)), new ScsiAddress(0, 0, 0, 0), buffers, memory, new VirtualStallClock())
            {
                MiniportName = "dump_scripted",
            };
            var services = new ServiceCollection();
            services.AddSingleton(context);
            services.AddSingleton<IPhysicalMemory>(memory);
            services.AddSingleton<IDmaAllocator>(memory);
            services.AddSingleton<IStallClock>(context.Clock);
            services.AddSingleton<IDumpLog>(log);
            plugin.Entry.ConfigureServices(services, new DriverConfiguration(LoadName, settings, AppContext.BaseDirectory));
            services.AddSingleton<IAtaChannelMiniport>(provider => new ScriptedAtaChannel(provider.GetRequiredService<IAtaPortServices>()));
            var bench = new AtaPortBench(plugin, services.BuildServiceProvider(), memory, log);
            Assert.IsTrue(bench.Port.Open().IsSuccess, bench.Port.LastError);
            return bench;
        }
        catch
        {
            memory.Dispose();
            plugin.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="sectors"/> sectors of memory to LBA 0: one IRB.</summary>
    public Abstractions.NtStatus WriteSectors(int sectors) => Port.Write(0, Mdl.FromContiguous(DataAddress, (uint)sectors * 512));

    public void Dispose()
    {
        _provider.Dispose();
        _plugin.Dispose();
        _memory.Dispose();
    }
}
