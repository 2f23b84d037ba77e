using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.CrashDump;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Stack;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Orchestration;

/// <summary>
/// One assembled stack on its hardware, prepared as crashdmp prepares the dump stack at boot: the physical address
/// space, the controller and disks, two 64 KiB common buffers and a staging buffer, the plugins bound under their
/// <c>dump_</c> names, the filters initialized. <see cref="Dump"/> then runs the bugcheck-time sequence.
/// </summary>
internal sealed class DumpSession : IDisposable
{
    /// <summary>The most a single write may carry (the host's MaximumTransferSize before port and filter limits).</summary>
    public const int HostMaximumTransfer = 0x40000;

    private readonly PhysicalAddressSpace _memory;
    private readonly BenchHardware _hardware;
    private readonly AssembledStack _stack;
    private readonly FilterChain _filters;
    private readonly DmaBuffer _staging;
    private bool _opened;

    private DumpSession(PhysicalAddressSpace memory, BenchHardware hardware, AssembledStack stack, FilterChain filters, DmaBuffer staging, DumpLog log, IDumpPort port)
    {
        _memory = memory;
        _hardware = hardware;
        _stack = stack;
        _filters = filters;
        _staging = staging;
        Log = log;
        Port = port;
    }

    public DumpLog Log { get; }

    public IDumpPort Port { get; }

    public AssembledStack Stack => _stack;

    public BenchHardware Hardware => _hardware;

    public PhysicalAddressSpace Memory => _memory;

    public FilterChain Filters => _filters;

    /// <summary>The dump file's place on the disk: its block map (the manifest's extents, or the whole region).</summary>
    public BlockMapTarget Region
    {
        get
        {
            var dump = _stack.Manifest.Dump;
            var disk = _hardware.Devices[_stack.Manifest.Disks.ToList().IndexOf(_stack.Manifest.DumpDisk)];
            var extents = dump.Extents.Count == 0
                ? [new DiskExtent(dump.Offset, dump.Length)]
                : dump.Extents.Select(e => new DiskExtent(e.Offset, e.Length)).ToList();
            return new BlockMapTarget(new DumpBlockMap(extents, disk.LogicalBlockSize, disk.Length), dump.Offset);
        }
    }

    /// <summary>Builds the session. Takes ownership of <paramref name="memorySource"/>.</summary>
    public static DumpSession Open(StackManifest manifest, PluginCatalog catalog, IMemorySource memorySource, string? dumpDiskOverride = null, bool strictFilters = true)
    {
        var memory = new PhysicalAddressSpace(memorySource);
        BenchHardware? hardware = null;
        AssembledStack? stack = null;
        FilterChain? filters = null;
        try
        {
            hardware = HardwareFactory.Create(manifest, memory, dumpDiskOverride);
            var log = new DumpLog();
            var clock = new VirtualStallClock();
            var commonBuffers = Enumerable.Range(0, DumpContract.CommonBufferCount)
                .Select(_ => (IDmaBuffer)memory.AllocateBuffer(DumpContract.CommonBufferSize, DumpContract.PageSize, below4GiB: true))
                .ToList();
            var staging = memory.AllocateBuffer(HostMaximumTransfer, DumpContract.PageSize, below4GiB: true);
            var dumpDisk = manifest.DumpDisk;
            var context = new DumpStackContext(new EmulatedAdapterResources(hardware.Controller), new ScsiAddress(0, 0, (byte)dumpDisk.Target, (byte)dumpDisk.Lun), commonBuffers, memory, clock)
            {
                MaximumTransferSize = HostMaximumTransfer,
                MiniportName = catalog.Find(manifest.Miniport.BaseName)?.Descriptor.DumpName ?? DumpContract.CrashDumpPrefix + manifest.Miniport.BaseName,
            };

            stack = DumpStackAssembler.Assemble(manifest, catalog, services =>
            {
                services.AddSingleton(context);
                services.AddSingleton<IPhysicalMemory>(memory);
                services.AddSingleton<IDmaAllocator>(memory);
                services.AddSingleton<IStallClock>(clock);
                services.AddSingleton<IDumpLog>(log);
            });

            var device = hardware.Devices[manifest.Disks.ToList().IndexOf(dumpDisk)];
            var extension = () => new FilterExtension(
                FilterDumpType.Crashdump,
                device.Length,
                DiskGeometry.FromSize(device.Length, device.LogicalBlockSize),
                new DiskPartitionInfo(PartitionStyle.Mbr, 0x44465342, Guid.Empty),
                manifest.Dump.Offset);
            var filterDrivers = stack.Filters.Select(f => (f.LoadName, Resolve(() => stack.Services.GetRequiredKeyedService<IDumpFilter>(f.Descriptor.BaseName), f.LoadName))).ToList();
            filters = FilterChain.Initialize(filterDrivers, extension, HostMaximumTransfer, manifest.Dump.Length, memory, log, manifest.FilterErrorPolicy, strictFilters);
            var port = Resolve(() => stack.Services.GetRequiredService<IDumpPort>(), stack.Binding.Alias);
            return new DumpSession(memory, hardware, stack, filters, staging, log, port);
        }
        catch
        {
            filters?.Dispose();
            stack?.Dispose();
            hardware?.Dispose();
            memory.Dispose();
            throw;
        }
    }

    /// <summary>The bugcheck-time sequence: the port's open, crash mode (no allocation), DumpStart, the writes, flush, DumpFinish.</summary>
    public DumpWriteResult Dump(IDumpContent content, IDumpTargetMap map, IProgressSink progress)
    {
        try
        {
            if (content.Length > map.Capacity)
            {
                // Refused before anything is written, as for a pagefile too small for the dump.
                throw new DumpFailedException($"crashdmp: the dump needs {content.Length} bytes (RequiredDumpSpace) but its block map holds only {map.Capacity}");
            }

            progress.Message(DumpWriter.InitMessage);
            DumpWriter.CheckMapped(content, _memory);
            // The dump driver is initialized first (its open may still use what was prepared at boot), then nothing may
            // allocate, then DumpStart: "after the dump driver is initialized and just before the writes start".
            OpenPort();
            _memory.EnterCrashMode();
            _filters.Start();
        }
        catch (DumpFailedException failure)
        {
            return new DumpWriteResult(false, failure.Message, 0, 0, TimeSpan.Zero, Port.Statistics);
        }

        return new DumpWriter(Port, _filters, _staging, progress, _stack.Binding.Alias).Write(content, map);
    }

    /// <summary>Reads <paramref name="length"/> bytes of the dump file back through the stack.</summary>
    public DumpReadResult Read(IDumpTargetMap map, long length, Stream output, IProgressSink progress)
    {
        try
        {
            OpenPort();
        }
        catch (DumpFailedException failure)
        {
            return new DumpReadResult(false, failure.Message, 0, TimeSpan.Zero);
        }

        return new DumpReader(Port, _filters, _staging, progress, _stack.Binding.Alias).Read(map, length, output);
    }

    public void Dispose()
    {
        _filters.Dispose();
        _stack.Dispose();
        _hardware.Dispose();
        _memory.Dispose();
    }

    private void OpenPort()
    {
        if (_opened)
        {
            return;
        }

        NtStatus status;
        try
        {
            status = Port.Open();
        }
        catch (Exception error)
        {
            throw new DumpFailedException($"{_stack.Binding.Alias}: Open threw {error.GetType().Name}: {error.Message}", error);
        }

        if (!status.IsSuccess)
        {
            string device = _hardware.Controller.Fault is { } fault ? $" ({_hardware.Controller.Model}: {fault})" : string.Empty;
            throw new DumpFailedException((Port.LastError ?? $"{_stack.Binding.Alias}: Open failed with {status}") + device);
        }

        _opened = true;
    }

    private static T Resolve<T>(Func<T> resolve, string loadName)
    {
        try
        {
            return resolve();
        }
        catch (Exception error) when (error is InvalidOperationException or TypeLoadException or MissingMethodException or System.Reflection.TargetInvocationException)
        {
            throw new DumpFailedException($"{loadName}: its driver could not be created: {(error.InnerException ?? error).Message}", error);
        }
    }
}
