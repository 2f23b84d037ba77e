using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Host.Cli;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Orchestration;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Stack;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Dump;

/// <summary>
/// One assembled stack on its hardware, prepared as crashdmp prepares the dump stack at boot: the physical address
/// space, two 64 KiB common buffers and a staging buffer, the plugins bound under their <c>dump_</c> names, the
/// filters initialized, and only then the controller and disks. <see cref="Dump"/> then runs the bugcheck-time sequence.
/// </summary>
internal sealed class DumpSession : IDisposable
{
    /// <summary>The most a single write may carry (the host's MaximumTransferSize before port and filter limits).</summary>
    public const int HostMaximumTransfer = 0x40000;

    private readonly PhysicalAddressSpace _memory;
    private readonly AssembledStack _stack;
    private readonly FilterChain _filters;
    private readonly DmaBuffer _staging;
    private readonly IReadOnlyList<IDmaBuffer> _commonBuffers;
    private readonly VirtualStallClock _clock;
    private BenchHardware? _hardware;
    private DumpStackContext? _context;
    private IDumpPort? _port;
    private bool _opened;

    private DumpSession(PhysicalAddressSpace memory, DumpTarget target, AssembledStack stack, FilterChain filters, DmaBuffer staging, IReadOnlyList<IDmaBuffer> commonBuffers, VirtualStallClock clock, DumpLog log, bool hibernation)
    {
        Hibernation = hibernation;
        _memory = memory;
        Target = target;
        _stack = stack;
        _filters = filters;
        _staging = staging;
        _commonBuffers = commonBuffers;
        _clock = clock;
        Log = log;
    }

    public DumpLog Log { get; }

    /// <summary>Whether the stack runs as the hibernation stack (<c>hiber_</c>, CrashDump false) rather than the crash dump stack.</summary>
    public bool Hibernation { get; }

    /// <summary>The stall time the stack has spent (the dump-time clock: every poll, timeout and delay is counted here).</summary>
    public TimeSpan StallTime => TimeSpan.FromMicroseconds(_clock.ElapsedMicroseconds);

    /// <summary>The dump port; exists once the hardware is built.</summary>
    public IDumpPort Port => _port ?? throw new InvalidOperationException("the dump port exists once the session's hardware is built");

    public AssembledStack Stack => _stack;

    public BenchHardware Hardware => _hardware ?? throw new InvalidOperationException("the session's hardware is not built");

    public PhysicalAddressSpace Memory => _memory;

    public FilterChain Filters => _filters;

    /// <summary>The dump file's place on the disk: its block map (the manifest's extents, or the whole region).</summary>
    public DumpTarget Target { get; }

    /// <summary>Builds the whole session: <see cref="Prepare"/>, then the controller and disks, then the port. Takes ownership of <paramref name="memorySource"/>.</summary>
    /// <remarks><paramref name="collectiblePlugins"/> false: the bound plugins stay loaded until the process ends (see <see cref="DumpStackAssembler.Assemble"/>).</remarks>
    public static DumpSession Open(StackManifest manifest, DumpTarget target, PluginCatalog catalog, IMemorySource memorySource, bool strictFilters = true, bool hibernation = false, bool collectiblePlugins = true)
    {
        var session = Prepare(manifest, target, catalog, memorySource, strictFilters, hibernation, collectiblePlugins);
        try
        {
            session.BuildHardware();
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The boot-time half that touches no disk: the address space and buffers, the stack assembled (port binding
    /// included), every filter initialized (dumpfve reads its key here). Whatever this refuses, nothing was created.
    /// <c>validate</c> stops here. Takes ownership of <paramref name="memorySource"/>.
    /// </summary>
    public static DumpSession Prepare(StackManifest manifest, DumpTarget target, PluginCatalog catalog, IMemorySource memorySource, bool strictFilters = true, bool hibernation = false, bool collectiblePlugins = true)
    {
        var memory = new PhysicalAddressSpace(memorySource);
        AssembledStack? stack = null;
        try
        {
            var log = new DumpLog();
            var clock = new VirtualStallClock();
            var commonBuffers = Enumerable.Range(0, DumpContract.CommonBufferCount)
                .Select(_ => (IDmaBuffer)AllocateBootBuffer(memory, DumpContract.CommonBufferSize))
                .ToList();
            var staging = AllocateBootBuffer(memory, HostMaximumTransfer);
            DumpSession? session = null;
            stack = DumpStackAssembler.Assemble(manifest, catalog, services =>
            {
                // The context names the controller, which is built only after everything else was accepted.
                services.AddSingleton(_ => session?._context ?? throw new InvalidOperationException("the dump stack context exists once the hardware is built"));
                services.AddSingleton<IPhysicalMemory>(memory);
                services.AddSingleton<IDmaAllocator>(memory);
                services.AddSingleton<IStallClock>(clock);
                services.AddSingleton<IDumpLog>(log);
            }, collectiblePlugins);

            int blockSize = manifest.Disks[target.DumpDiskIndex].SectorSize;
            var extension = () => new FilterExtension(
                hibernation ? FilterDumpType.Hibernation : FilterDumpType.Crashdump,
                target.DumpDiskLength,
                DiskGeometry.FromSize(target.DumpDiskLength, blockSize),
                new DiskPartitionInfo(PartitionStyle.Mbr, 0x44465342, Guid.Empty),
                manifest.Dump.Offset);
            var assembled = stack;
            var filterDrivers = stack.Filters.Select(f => (f.LoadName, Resolve(() => assembled.Services.GetRequiredKeyedService<IDumpFilter>(f.Descriptor.BaseName), f.LoadName))).ToList();
            var filters = FilterChain.Initialize(filterDrivers, extension, HostMaximumTransfer, manifest.Dump.Length, memory, log, manifest.FilterErrorPolicy, strictFilters);
            session = new DumpSession(memory, target, stack, filters, staging, commonBuffers, clock, log, hibernation);
            return session;
        }
        catch
        {
            stack?.Dispose();
            memory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One of the buffers crashdmp sets aside at boot, below 4 GiB (32-bit DMA). The memory being dumped is RAM from its
    /// ranges; the buffers go in a hole of that map. A raw image of 4 GiB or more is RAM over the whole 32-bit space,
    /// which no real machine has (its PCI hole is below 4 GiB), so there is nowhere to put them: refused as bad input,
    /// naming the image, before anything is written.
    /// </summary>
    private static DmaBuffer AllocateBootBuffer(PhysicalAddressSpace memory, int length)
    {
        if (!memory.HasHole(length, DumpContract.PageSize, below4GiB: true))
        {
            throw new InvalidInputException(
                $"--memory: {memory.Source.Description} leaves no hole below 4 GiB for the dump stack's 32-bit DMA buffers " +
                $"(a {length / 1024} KiB buffer does not fit): its memory covers the 32-bit address space where a real machine has its PCI hole; " +
                "give a raw image smaller than 4 GiB (3840 MiB leaves 256 MiB) or a LiME capture with the machine's real ranges");
        }

        return memory.AllocateBuffer(length, DumpContract.PageSize, below4GiB: true);
    }

    // Creates or opens the disk images and devices, builds the controller and resolves the port (and so the miniport).
    private void BuildHardware()
    {
        var manifest = _stack.Manifest;
        try
        {
            _hardware = HardwareFactory.Create(manifest, _memory, _clock, Target.DumpDiskPath);
        }
        catch (FileLockedException locked)
        {
            // Not bad input: another dump (or whoever the kernel names) has the disk; this one writes nothing.
            throw new DumpFailedException($"crashdmp: {locked.Message}", locked);
        }

        var dumpDisk = manifest.DumpDisk;
        _context = new DumpStackContext(new EmulatedAdapterResources(_hardware.Controller), new ScsiAddress(0, 0, (byte)dumpDisk.Target, (byte)dumpDisk.Lun), _commonBuffers, _memory, _clock)
        {
            MaximumTransferSize = HostMaximumTransfer,
            MiniportName = Hibernation ? DumpContract.HibernationPrefix + _stack.Miniport.LoadName[DumpContract.CrashDumpPrefix.Length..] : _stack.Miniport.LoadName,
            // Hibernation loads the same drivers under hiber_ names and tells them it is not a crash (DumpMode Hibernation).
            ModulePrefix = Hibernation ? DumpContract.HibernationPrefix : DumpContract.CrashDumpPrefix,
            CrashDump = !Hibernation,
        };
        _port = Resolve(() => _stack.Services.GetRequiredService<IDumpPort>(), _stack.Binding.Alias);
    }

    /// <summary>The bugcheck-time sequence: the port's open, crash mode (no allocation), DumpStart, the writes, flush, DumpFinish.</summary>
    public DumpWriteResult Dump(DumpPlan plan, IProgressSink progress, CancellationToken cancel = default)
    {
        if (cancel.IsCancellationRequested)
        {
            return new DumpWriteResult(false, "dump interrupted at 0%: the disk holds no valid dump", 0, 0, TimeSpan.Zero, Port.Statistics) { Interrupted = true };
        }

        try
        {
            progress.Message(DumpWriter.InitMessage);
            // The dump driver is initialized first (its open may still use what was prepared at boot), then nothing may
            // allocate, then DumpStart: "after the dump driver is initialized and just before the writes start".
            OpenPort();
            StartupTrace.Mark("port open");
            _memory.EnterCrashMode();
            _filters.Start();
        }
        catch (DumpFailedException failure)
        {
            return new DumpWriteResult(false, NativeExplained(failure.Message), 0, 0, TimeSpan.Zero, Port.Statistics);
        }

        var result = new DumpWriter(Port, _filters, _staging, progress, _stack.Binding.Alias, cancel).Write(plan);
        if (!result.Succeeded && result.Error is { } error)
        {
            // The port's own wording names a routine that threw; what happened is the worker's crash or hang.
            result = result with { Error = NativeExplained(error) };
        }

        return ImageChanged(result.Succeeded) is { } changed
            ? result with { Succeeded = false, Error = result.Succeeded ? changed : $"{changed} ({result.Error})" }
            : result;
    }

    /// <summary>A failure as a native miniport explains it (its crash, hang or refused call); unchanged otherwise.</summary>
    private string NativeExplained(string failure) => _stack.Miniport.Native?.Explain(failure) ?? failure;

    // The disk's own reason when an image was truncated, deleted or replaced underneath: the disk model only reports
    // MEDIUM ERROR, as a real disk would. After a dump that succeeded the path is looked up once more.
    private string? ImageChanged(bool succeeded)
    {
        foreach (var image in Hardware.Devices.OfType<ImageFileBlockDevice>().Where(d => !d.IsReadOnly))
        {
            if (image.Failure is null && succeeded)
            {
                try
                {
                    image.CheckIdentity();
                }
                catch (IOException)
                {
                    // Recorded in Failure.
                }
            }

            if (image.Failure is { } failure)
            {
                return $"crashdmp: {failure}; the dump is not valid";
            }
        }

        return null;
    }

    /// <summary>Reads <paramref name="length"/> bytes of the dump file back through the stack.</summary>
    public DumpReadResult Read(long length, Stream output, IProgressSink progress, CancellationToken cancel = default)
    {
        try
        {
            OpenPort();
        }
        catch (DumpFailedException failure)
        {
            return new DumpReadResult(false, NativeExplained(failure.Message), 0, TimeSpan.Zero);
        }

        return new DumpReader(Port, _filters, _staging, progress, _stack.Binding.Alias, cancel).Read(Target, length, output);
    }

    public void Dispose()
    {
        _filters.Dispose();
        _stack.Dispose();
        _hardware?.Dispose();
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
            string device = Hardware.Controller.Fault is { } fault ? $" ({Hardware.Controller.Model}: {fault})" : string.Empty;
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
        catch (Native.NativeMiniportException crash)
        {
            // DriverEntry crashed or hung in the worker.
            throw new DumpFailedException(crash.Message, crash);
        }
        catch (Exception error) when (error is InvalidOperationException or TypeLoadException or MissingMethodException or System.Reflection.TargetInvocationException)
        {
            throw new DumpFailedException($"{loadName}: its driver could not be created: {(error.InnerException ?? error).Message}", error);
        }
    }
}
