using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.BusLogic;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Controllers;
using DumpFramework.Hardware.Ide;
using DumpFramework.Hardware.LsiSas;
using DumpFramework.Hardware.Memory;
using DumpFramework.Hardware.Pvscsi;
using DumpFramework.Hardware.Tests.Memory;

namespace DumpFramework.Hardware.Tests.Controllers;

/// <summary>The controller registry: one declaration per model, whose defaults are the options' and whose settings
/// reach the controller it builds.</summary>
[TestClass]
public sealed class ControllerModelsTests
{
    [TestMethod]
    public void Every_model_is_found_by_its_name_and_names_are_unique()
    {
        CollectionAssert.AreEqual(new[] { "lsi-sas1068", "buslogic-bt958", "pvscsi", "piix-ide" }, ControllerModels.All.Select(m => m.Name).ToArray());
        foreach (var model in ControllerModels.All)
        {
            Assert.AreSame(model, ControllerModels.Find(model.Name));
            Assert.AreEqual(model.Settings.Count, model.Settings.Select(s => s.Key).Distinct().Count(), model.Name);
            Assert.IsFalse(string.IsNullOrWhiteSpace(model.Description), model.Name);
        }

        Assert.IsNull(ControllerModels.Find("LSI-SAS1068"), "model names are case-sensitive, as the manifest's other names");
    }

    [TestMethod]
    public void Defaults_are_the_options_defaults()
    {
        Assert.AreEqual(new Sas1068Options().CompletionLatency.ToString(System.Globalization.CultureInfo.InvariantCulture), ControllerModels.Sas1068.FindSetting("completion_latency")!.DefaultText);
        Assert.AreEqual(new PvscsiOptions().CompletionLatency.ToString(System.Globalization.CultureInfo.InvariantCulture), ControllerModels.Pvscsi.FindSetting("completion_latency")!.DefaultText);
        Assert.AreEqual("none", ControllerModels.Pvscsi.FindSetting("hang_request")!.DefaultText);
        Assert.AreEqual("none", ControllerModels.Sas1068.FindSetting("hang_request")!.DefaultText);
        Assert.AreEqual(new PiixIdeOptions().CompletionLatency.ToString(System.Globalization.CultureInfo.InvariantCulture), ControllerModels.PiixIde.FindSetting("completion_latency")!.DefaultText);
        Assert.AreEqual("none", ControllerModels.PiixIde.FindSetting("uncorrectable_lba")!.DefaultText);
        Assert.AreEqual(new Bt958Options().CompletionLatency.ToString(System.Globalization.CultureInfo.InvariantCulture), ControllerModels.Bt958.FindSetting("completion_latency")!.DefaultText);
        Assert.AreEqual("none", ControllerModels.Bt958.FindSetting("hang_request")!.DefaultText);
    }

    [TestMethod]
    public void The_BT_958_model_builds_a_running_adapter_with_the_manifest_settings()
    {
        using var rig = new Rig();
        var created = ControllerModels.Bt958.Create(rig.Environment with { CrashState = ControllerCrashState.Running }, [rig.Disk(0), rig.Disk(15)], new Dictionary<string, string> { ["completion_latency"] = "4", ["hang_request"] = "9" });
        var controller = (Bt958Controller)created.Controller;

        Assert.AreEqual(4, controller.Options.CompletionLatency);
        Assert.AreEqual(9, controller.Options.HangRequestNumber);
        Assert.AreEqual(ControllerCrashState.Running, controller.Options.CrashState, "as the bugcheck finds it");
        Assert.HasCount(2, created.ScsiTargets);
    }

    [TestMethod]
    public void A_BT_958_has_targets_0_to_15_but_not_its_own_ID_7()
    {
        Assert.IsNull(ControllerModels.Bt958.CheckTarget(15));
        Assert.AreEqual("a BT-958 has targets 0 to 15 (7 is the host adapter itself), not 7", ControllerModels.Bt958.CheckTarget(7));
        Assert.AreEqual("a BT-958 has targets 0 to 15 (7 is the host adapter itself), not 16", ControllerModels.Bt958.CheckTarget(16));

        using var rig = new Rig();
        Assert.ThrowsExactly<ArgumentException>(() => ControllerModels.Bt958.Create(rig.Environment, [rig.Disk(7)], new Dictionary<string, string>()));
    }

    [TestMethod]
    public void Without_settings_each_controller_gets_its_options_defaults()
    {
        using var rig = new Rig();
        var ide = (PiixIdeController)ControllerModels.PiixIde.Create(rig.Environment, [rig.Disk(0)], new Dictionary<string, string>()).Controller;
        var pvscsi = (PvscsiController)ControllerModels.Pvscsi.Create(rig.Environment, [rig.Disk(0)], new Dictionary<string, string>()).Controller;

        Assert.AreEqual(new PiixIdeOptions().CompletionLatency, ide.Options.CompletionLatency);
        Assert.IsNull(ide.Options.UncorrectableSectors);
        Assert.AreEqual(new PvscsiOptions().CompletionLatency, pvscsi.Options.CompletionLatency);
        Assert.IsNull(pvscsi.Options.HangRequestNumber);
    }

    [TestMethod]
    public void Settings_reach_the_controller()
    {
        using var rig = new Rig();
        var ide = (PiixIdeController)ControllerModels.PiixIde.Create(
            rig.Environment,
            [rig.Disk(0)],
            new Dictionary<string, string> { ["completion_latency"] = "7", ["uncorrectable_lba"] = "2056, 4100" }).Controller;
        var pvscsi = (PvscsiController)ControllerModels.Pvscsi.Create(
            rig.Environment,
            [rig.Disk(0)],
            new Dictionary<string, string> { ["completion_latency"] = "3", ["hang_request"] = "40" }).Controller;

        Assert.AreEqual(7, ide.Options.CompletionLatency);
        CollectionAssert.AreEquivalent(new long[] { 2056, 4100 }, ide.Options.UncorrectableSectors!.ToArray());
        Assert.AreEqual(3, pvscsi.Options.CompletionLatency);
        Assert.AreEqual(40, pvscsi.Options.HangRequestNumber);
    }

    [TestMethod]
    public void Scsi_models_put_one_disk_target_behind_each_attached_disk()
    {
        using var rig = new Rig();
        var created = ControllerModels.Sas1068.Create(rig.Environment, [rig.Disk(0), rig.Disk(3), rig.Disk(5) with { Attached = false }], new Dictionary<string, string>());

        Assert.IsInstanceOfType<Sas1068Controller>(created.Controller);
        Assert.HasCount(2, created.ScsiTargets);
    }

    [TestMethod]
    [DataRow("lsi-sas1068", "uncorrectable_lba", "3", "unknown setting 'uncorrectable_lba' for controller lsi-sas1068 (known: completion_latency, reset_latency, hang_request)")]
    [DataRow("pvscsi", "hang_request", "x", "setting 'hang_request' must be a request number, not 'x'")]
    [DataRow("pvscsi", "completion_latency", "-1", "setting 'completion_latency' must be a whole number of microseconds, not '-1'")]
    [DataRow("piix-ide", "uncorrectable_lba", "2056,", "setting 'uncorrectable_lba' must be a comma-separated list of sector numbers, not '2056,'")]
    public void A_refused_setting_is_refused_by_check_and_by_create_with_the_same_message(string name, string key, string value, string message)
    {
        var model = ControllerModels.Find(name)!;
        Assert.AreEqual(message, model.CheckSetting(key, value));

        using var rig = new Rig();
        var error = Assert.ThrowsExactly<ArgumentException>(() => model.Create(rig.Environment, [rig.Disk(0)], new Dictionary<string, string> { [key] = value }));
        StringAssert.StartsWith(error.Message, message);
    }

    [TestMethod]
    public void An_ide_channel_has_a_master_and_a_slave_only()
    {
        Assert.IsNull(ControllerModels.PiixIde.CheckTarget(1));
        Assert.AreEqual("an IDE channel has target 0 (master) and 1 (slave), not 2", ControllerModels.PiixIde.CheckTarget(2));
        Assert.IsNull(ControllerModels.Sas1068.CheckTarget(255));

        using var rig = new Rig();
        Assert.ThrowsExactly<ArgumentException>(() => ControllerModels.PiixIde.Create(rig.Environment, [rig.Disk(2)], new Dictionary<string, string>()));
    }

    private sealed class Rig : IDisposable
    {
        private readonly TestDirectory _directory = new();
        private readonly List<IBlockDevice> _devices = [];

        public Rig() => Environment = new ControllerEnvironment(Memory, new VirtualStallClock(), ControllerCrashState.PowerOn);

        public PhysicalAddressSpace Memory { get; } = new(new SyntheticMemory(1L << 20));

        public ControllerEnvironment Environment { get; }

        public ControllerDisk Disk(int target)
        {
            // A file per disk: a writable image is held exclusively, so two controllers cannot share one.
            var device = ImageFileBlockDevice.Open(_directory.File($"disk{target}-{_devices.Count}.img"), 1L << 20);
            _devices.Add(device);
            return new ControllerDisk(target, 0, device, Attached: true);
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
