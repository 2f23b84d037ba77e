using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Abstractions.Scsi;
using DumpFramework.Hardware.BusLogic;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Scsi;
using DumpFramework.Host.Plugins;
using DumpFramework.Host.Tests.CrashDump;
using DumpFramework.Host.Tests.Filters.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DumpFramework.Host.Tests.EndToEnd;

/// <summary>
/// The real built diskdump (bound as dump_scsiport) and dump_vmscsi plugins on a BT-958 left in each crash state:
/// the miniport's hard reset takes the adapter over whatever the boot driver left it doing, and the dump's writes
/// reach the disk. (The manifest's <c>hardware.crash_state</c> key is wired separately; here the model is built
/// directly with the option.)
/// </summary>
[TestClass]
public sealed class VmScsiCrashStateTakeoverTests
{
    private const ulong DataAddress = 0x10_0000;
    private const int Length = 256 * 1024;

    [TestMethod]
    [DataRow(ControllerCrashState.Running)]
    [DataRow(ControllerCrashState.PowerOn)]
    [DataRow(ControllerCrashState.Faulted)]
    [DataRow(ControllerCrashState.Hung)]
    public void Dump_vmscsi_takes_the_BT_958_over_in_every_crash_state_and_writes_through_it(ControllerCrashState state)
    {
        using var portPlugin = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin("PortScsi"));
        using var miniportPlugin = LoadedPlugin.Load(FilterUnderTest.BuiltInPlugin("MiniportVmScsi"));
        using var memory = new PhysicalAddressSpace(new SyntheticMemory([new PhysicalRange(DataAddress, 4 << 20)], seed: 13));
        var disk = new ArrayBlockDevice(8 << 20, 512);
        var controller = new Bt958Controller(memory, new Dictionary<int, IScsiTarget> { [0] = new ScsiDiskTarget(disk) }, new Bt958Options { CrashState = state });
        Assert.AreEqual(state is ControllerCrashState.Faulted or ControllerCrashState.Hung, controller.Fault is not null);

        var buffers = Enumerable.Range(0, DumpContract.CommonBufferCount)
            .Select(_ => (IDmaBuffer)memory.AllocateBuffer(DumpContract.CommonBufferSize, DumpContract.PageSize, below4GiB: true))
            .ToList();
        var context = new DumpStackContext(new EmulatedAdapterResources(controller), new ScsiAddress(0, 0, 0, 0), buffers, memory, new VirtualStallClock())
        {
            MiniportName = "dump_vmscsi",
        };
        var services = new ServiceCollection();
        services.AddSingleton(context);
        services.AddSingleton<IPhysicalMemory>(memory);
        services.AddSingleton<IDmaAllocator>(memory);
        services.AddSingleton<IStallClock>(context.Clock);
        services.AddSingleton<IDumpLog>(new RecordingDumpLog());
        portPlugin.Entry.ConfigureServices(services, new DriverConfiguration("dump_scsiport", new Dictionary<string, string>(), AppContext.BaseDirectory));
        miniportPlugin.Entry.ConfigureServices(services, new DriverConfiguration("dump_vmscsi", new Dictionary<string, string>(), AppContext.BaseDirectory));
        using (var provider = services.BuildServiceProvider())
        {
            var port = provider.GetRequiredService<IDumpPort>();
            Assert.AreEqual(NtStatus.Success, port.Open(), port.LastError);
            Assert.IsNull(controller.Fault, "the hard reset recovered the adapter");
            Assert.AreEqual(NtStatus.Success, port.Write(0, Mdl.FromContiguous(DataAddress, Length)), port.LastError);
            Assert.AreEqual(NtStatus.Success, port.Finish(), port.LastError);
        }

        var expected = new byte[Length];
        Assert.IsTrue(memory.TryRead(DataAddress, expected));
        CollectionAssert.AreEqual(expected, disk.Bytes[..Length]);
    }
}
