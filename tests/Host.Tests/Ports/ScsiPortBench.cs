using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.LsiSas;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Tests.Filters.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Tests.Ports;

/// <summary>
/// The real built PortScsi plugin, loaded in its own context the way the host loads it and bound as
/// <c>dump_storport</c> or <c>dump_scsiport</c>, with a stack context (an LSI SAS1068 adapter for PCI identity and
/// configuration space, two common buffers, a virtual stall clock) and a <see cref="ScriptedScsiMiniport"/> as its
/// miniport. <see cref="IDumpPort.Open"/> is left to the test.
/// </summary>
internal sealed class ScsiPortBench : IDisposable
{
    /// <summary>Where the data written by <see cref="WriteBlocks"/> lives.</summary>
    private const ulong DataAddress = 0x10_0000;

    private readonly LoadedPlugin _plugin;
    private readonly ServiceProvider _provider;
    private readonly PhysicalAddressSpace _memory;

    private ScsiPortBench(LoadedPlugin plugin, ServiceProvider provider, PhysicalAddressSpace memory, RecordingDumpLog log, IAdapterResources adapter)
    {
        _plugin = plugin;
        _provider = provider;
        _memory = memory;
        Log = log;
        Adapter = adapter;
        Port = provider.GetRequiredService<IDumpPort>();
        Miniport = (ScriptedScsiMiniport)provider.GetRequiredService<IScsiMiniport>();
    }

    public IDumpPort Port { get; }

    public ScriptedScsiMiniport Miniport { get; }

    public RecordingDumpLog Log { get; }

    public IAdapterResources Adapter { get; }

    /// <summary>Loads the port as <paramref name="loadName"/> with a miniport registering <paramref name="mapBuffers"/>.</summary>
    public static ScsiPortBench Create(string loadName, StorMapBuffers mapBuffers, Action<ScriptedScsiMiniport>? configure = null, ReadOnlyMemory<byte> miniportDumpData = default, IReadOnlyDictionary<string, string>? settings = null)
    {
        var plugin = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin("PortScsi"));
        var memory = new PhysicalAddressSpace(new SyntheticMemory([new PhysicalRange(DataAddress, 4 << 20)], seed: 5));
        try
        {
            var log = new RecordingDumpLog();
            var buffers = Enumerable.Range(0, DumpContract.CommonBufferCount)
                .Select(_ => (IDmaBuffer)memory.AllocateBuffer(DumpContract.CommonBufferSize, DumpContract.PageSize, below4GiB: true))
                .ToList();
            var adapter = new EmulatedAdapterResources(new Sas1068Controller(memory, new Dictionary<int, IScsiTarget>()));
            var context = new DumpStackContext(adapter, new ScsiAddress(0, 0, 0, 0), buffers, memory, new VirtualStallClock())
            {
                MiniportName = "dump_scripted",
                MiniportDumpData = miniportDumpData,
                RequestTimeoutSeconds = 2,
            };
            var services = new ServiceCollection();
            services.AddSingleton(context);
            services.AddSingleton<IPhysicalMemory>(memory);
            services.AddSingleton<IDmaAllocator>(memory);
            services.AddSingleton<IStallClock>(context.Clock);
            services.AddSingleton<IDumpLog>(log);
            plugin.Entry.ConfigureServices(services, new DriverConfiguration(loadName, settings ?? new Dictionary<string, string>(), AppContext.BaseDirectory));
            services.AddSingleton<IScsiMiniport>(provider =>
            {
                var miniport = new ScriptedScsiMiniport(provider.GetRequiredService<IScsiPortServices>(), mapBuffers);
                configure?.Invoke(miniport);
                return miniport;
            });
            return new ScsiPortBench(plugin, services.BuildServiceProvider(), memory, log, adapter);
        }
        catch
        {
            memory.Dispose();
            plugin.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="blocks"/> blocks of memory to LBA 0: one WRITE(10).</summary>
    public Abstractions.NtStatus WriteBlocks(int blocks) => Port.Write(0, Mdl.FromContiguous(DataAddress, (uint)blocks * 512));

    /// <summary>Writes <paramref name="blocks"/> blocks to LBA 0 from memory starting <paramref name="skew"/> bytes into a page.</summary>
    public Abstractions.NtStatus WriteBlocksAt(int blocks, uint skew) => Port.Write(0, Mdl.FromContiguous(DataAddress + skew, (uint)blocks * 512));

    public void Dispose()
    {
        _provider.Dispose();
        _plugin.Dispose();
        _memory.Dispose();
    }
}
