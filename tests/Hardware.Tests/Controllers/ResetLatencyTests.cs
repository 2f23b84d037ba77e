using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Controllers;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Tests.Memory;

namespace DumpFramework.Hardware.Tests.Controllers;

/// <summary>
/// <c>reset_latency</c>, apart from <c>completion_latency</c>: a reset keeps each controller from answering for as long
/// as real hardware takes (the SAS1068 IOC in RESET, the BT-958 in diagnostics, IDE disks BSY after SRST), counted in
/// stall time, while commands still complete at the completion latency.
/// </summary>
[TestClass]
public sealed class ResetLatencyTests
{
    [TestMethod]
    public void The_SAS1068_stays_in_RESET_after_a_message_unit_reset_for_the_reset_latency()
    {
        using var rig = new Rig();
        var registers = rig.Create(ControllerModels.Sas1068, new() { ["completion_latency"] = "1", ["reset_latency"] = "100000" }).RegisterSpaces[1];
        Assert.AreEqual(1u, registers.Read32(0x00) >> 28, "READY at power-on");

        registers.Write32(0x00, 0x4000_0000);
        rig.Clock.Stall(10);
        Assert.AreEqual(0u, registers.Read32(0x30) >> 31, "the doorbell write is consumed at the completion latency");
        Assert.AreEqual(0u, registers.Read32(0x00) >> 28, "RESET while the firmware reboots");
        rig.Clock.Stall(90_000);
        Assert.AreEqual(0u, registers.Read32(0x00) >> 28, "still RESET 90 ms later");
        rig.Clock.Stall(10_000);
        Assert.AreEqual(1u, registers.Read32(0x00) >> 28, "READY once the reset latency has passed");
    }

    [TestMethod]
    public void The_BT_958_shows_diagnostics_for_the_reset_latency_and_for_two_reads_without_one()
    {
        using var rig = new Rig();
        var io = rig.Create(ControllerModels.Bt958, new() { ["reset_latency"] = "200000" }).RegisterSpaces[0];
        io.Write8(0, 0x80);
        Assert.AreEqual(0x80, io.Read8(0) & 0x80, "Diagnostic Active after the hard reset");
        rig.Clock.Stall(150_000);
        Assert.AreEqual(0x80, io.Read8(0) & 0x80, "diagnostics still running 150 ms later");
        rig.Clock.Stall(50_000);
        Assert.AreEqual(0, io.Read8(0) & 0x80, "diagnostics over after 200 ms");

        var quick = rig.Create(ControllerModels.Bt958, new()).RegisterSpaces[0];
        quick.Write8(0, 0x80);
        Assert.AreEqual(0x80, quick.Read8(0) & 0x80);
        Assert.AreEqual(0x80, quick.Read8(0) & 0x80);
        Assert.AreEqual(0, quick.Read8(0) & 0x80, "VMware's emulation: two reads of Diagnostic Active, then done");
    }

    [TestMethod]
    public void IDE_disks_stay_busy_after_a_software_reset_for_the_reset_latency_while_commands_take_the_completion_latency()
    {
        using var rig = new Rig();
        var controller = rig.Create(ControllerModels.PiixIde, new() { ["completion_latency"] = "5", ["reset_latency"] = "300000" });
        var command = controller.RegisterSpaces[0];
        var control = controller.RegisterSpaces[1];
        control.Write8(0, 0x06);
        control.Write8(0, 0x02);
        Assert.AreEqual(0x80, control.Read8(0) & 0x80, "BSY after SRST");
        rig.Clock.Stall(250_000);
        Assert.AreEqual(0x80, control.Read8(0) & 0x80, "still BSY 250 ms later");
        rig.Clock.Stall(50_000);
        Assert.AreEqual(0, control.Read8(0) & 0x80, "ready once the reset latency has passed");

        // A command (CHECK POWER MODE) is back within microseconds.
        command.Write8(6, 0xE0);
        command.Write8(7, 0xE5);
        rig.Clock.Stall(10);
        Assert.AreEqual(0, control.Read8(0) & 0x80, "a command completes at the completion latency");
    }

    [TestMethod]
    public void A_negative_reset_latency_is_refused_naming_the_setting()
    {
        using var rig = new Rig();
        var error = Assert.ThrowsExactly<ArgumentException>(() => rig.Create(ControllerModels.Sas1068, new() { ["reset_latency"] = "-1" }));
        StringAssert.Contains(error.Message, "setting 'reset_latency'");
    }

    private sealed class Rig : IDisposable
    {
        private readonly TestDirectory _directory = new();
        private readonly List<IBlockDevice> _devices = [];

        public PhysicalAddressSpace Memory { get; } = new(new SyntheticMemory(1L << 20));

        public VirtualStallClock Clock { get; } = new();

        public IEmulatedController Create(ControllerModel model, Dictionary<string, string> settings)
        {
            var device = ImageFileBlockDevice.Open(_directory.File($"disk-{_devices.Count}.img"), 1L << 20);
            _devices.Add(device);
            var environment = new ControllerEnvironment(Memory, Clock, ControllerCrashState.PowerOn);
            return model.Create(environment, [new ControllerDisk(0, 0, device, Attached: true)], settings).Controller;
        }

        public void Dispose()
        {
            foreach (var device in _devices)
            {
                device.Dispose();
            }

            Memory.Dispose();
            _directory.Dispose();
        }
    }
}
