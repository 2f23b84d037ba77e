using DumpFramework.Hardware.BusLogic;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Faults;
using DumpFramework.Hardware.Ide;
using DumpFramework.Hardware.LsiSas;
using DumpFramework.Hardware.Pvscsi;
using DumpFramework.Hardware.Scsi;

namespace DumpFramework.Hardware.Controllers;

/// <summary>
/// The controller models a manifest can name, each declared once: name, settings (key, values, default, meaning) and
/// factory. The manifest loader validates through this list, the host builds hardware through it, and tests hold the
/// JSON schema and the README to it. A new model is one entry here plus its own folder.
/// </summary>
public static class ControllerModels
{
    private const string MicrosecondsText = "a whole number of microseconds";

    private const string RequestNumberText = "a request number";

    private const string LatencyText =
        "How long the device takes to complete a request, in microseconds of stall time plus about 1 µs per register read, so a miniport whose timeouts are far too short for real hardware fails.";


    private static readonly Sas1068Options Sas1068Defaults = new();
    private static readonly PvscsiOptions PvscsiDefaults = new();
    private static readonly PiixIdeOptions PiixIdeDefaults = new();
    private static readonly Bt958Options Bt958Defaults = new();

    private static readonly ControllerSetting<int> Sas1068CompletionLatency =
        new("completion_latency", MicrosecondsText, Sas1068Defaults.CompletionLatency, ControllerSettingParsers.Microseconds, LatencyText);

    private static readonly ControllerSetting<int?> Sas1068ResetLatency = new(
        "reset_latency", MicrosecondsText, Sas1068Defaults.ResetLatency, ControllerSettingParsers.OptionalMicroseconds,
        ResetLatencyText("the IOC stays in RESET after a message unit or diagnostic reset (a real SAS1068's firmware reboot takes about a second)"));

    private static readonly ControllerSetting<int> Bt958ResetLatency = new(
        "reset_latency", MicrosecondsText, Bt958Defaults.ResetLatency, ControllerSettingParsers.Microseconds,
        ResetLatencyText("Diagnostic Active stays set after a hard or soft reset (a real BT-958's self-test; VMware's emulation ends it at once)", "0: two status reads"));

    private static readonly ControllerSetting<int?> PiixIdeResetLatency = new(
        "reset_latency", MicrosecondsText, PiixIdeDefaults.ResetLatency, ControllerSettingParsers.OptionalMicroseconds,
        ResetLatencyText("BSY stays set after a software reset (SRST) while the disks reset and check themselves (hundreds of milliseconds on real drives)"));

    private static readonly ControllerSetting<int?> Sas1068HangRequest = new(
        "hang_request",
        RequestNumberText,
        Sas1068Defaults.HangRequestNumber,
        ControllerSettingParsers.OptionalCount,
        "Fault injection: the Nth SCSI IO request (1-based) is never answered until an adapter reset (message unit or diagnostic reset), to exercise the port's timeout and the miniport's adapter control.");

    private static readonly ControllerSetting<int> PvscsiCompletionLatency =
        new("completion_latency", MicrosecondsText, PvscsiDefaults.CompletionLatency, ControllerSettingParsers.Microseconds, LatencyText);

    private static readonly ControllerSetting<int?> PvscsiHangRequest = new(
        "hang_request",
        RequestNumberText,
        PvscsiDefaults.HangRequestNumber,
        ControllerSettingParsers.OptionalCount,
        "Fault injection: the Nth request (1-based) is never answered until an adapter reset, to exercise the port's timeout and re-initialization.");

    private static readonly ControllerSetting<int> Bt958CompletionLatency =
        new("completion_latency", MicrosecondsText, Bt958Defaults.CompletionLatency, ControllerSettingParsers.Microseconds, LatencyText);

    private static readonly ControllerSetting<int?> Bt958HangRequest = new(
        "hang_request",
        RequestNumberText,
        Bt958Defaults.HangRequestNumber,
        ControllerSettingParsers.OptionalCount,
        "Fault injection: the Nth CCB started (1-based) never completes until a hard or soft reset drops it or a SCSI bus reset ends it, to exercise the port's timeout and the miniport's recovery.");

    private static readonly ControllerSetting<int> PiixIdeCompletionLatency =
        new("completion_latency", MicrosecondsText, PiixIdeDefaults.CompletionLatency, ControllerSettingParsers.Microseconds, LatencyText);

    private static readonly ControllerSetting<IReadOnlySet<long>?> PiixIdeUncorrectableLba = new(
        "uncorrectable_lba",
        "a comma-separated list of sector numbers",
        PiixIdeDefaults.UncorrectableSectors,
        ControllerSettingParsers.SectorList,
        "Fault injection: those sectors (e.g. \"2056, 4100\") fail with ERR + UNC, which the ATA port turns into MEDIUM ERROR.");

    private static string ResetLatencyText(string what, string fallback = "the completion_latency") =>
        $"How long {what}, in microseconds of stall time plus about 1 µs per register read (default: {fallback}), so a miniport that waits for a reset far too briefly for real hardware fails.";

    /// <summary>The LSI SAS1068 Fusion-MPT SAS controller (LSI_SAS).</summary>
    public static ControllerModel Sas1068 { get; } = new(
        "lsi-sas1068",
        "LSI SAS1068 Fusion-MPT SAS controller, driven by the LSI_SAS miniport through storport.",
        [Sas1068CompletionLatency, Sas1068ResetLatency, Sas1068HangRequest],
        (environment, disks, settings) =>
        {
            var targets = ScsiTargets(disks);
            var options = new Sas1068Options
            {
                CompletionLatency = Sas1068CompletionLatency.Read(settings),
                ResetLatency = Sas1068ResetLatency.Read(settings),
                HangRequestNumber = Sas1068HangRequest.Read(settings),
                CrashState = environment.CrashState,
                Clock = environment.Clock,
            };
            return new EmulatedControllerSet(new Sas1068Controller(environment.Memory, targets, options), [.. targets.Values]);
        });

    /// <summary>The BusLogic BT-958 MultiMaster adapter VMware emulates (vmscsi).</summary>
    public static ControllerModel Bt958 { get; } = new(
        "buslogic-bt958",
        "BusLogic BT-958 (MultiMaster) SCSI host adapter as VMware emulates it, driven by the vmscsi miniport through scsiport.",
        [Bt958CompletionLatency, Bt958ResetLatency, Bt958HangRequest],
        (environment, disks, settings) =>
        {
            var targets = ScsiTargets(disks);
            var options = new Bt958Options
            {
                CompletionLatency = Bt958CompletionLatency.Read(settings),
                ResetLatency = Bt958ResetLatency.Read(settings),
                HangRequestNumber = Bt958HangRequest.Read(settings),
                Clock = environment.Clock,
                CrashState = environment.CrashState,
            };
            return new EmulatedControllerSet(new Bt958Controller(environment.Memory, targets, options), [.. targets.Values]);
        })
    {
        MaximumTarget = Bt958Controller.MaximumTargets - 1,
        MaximumCdbLength = BusLogicCcb.MaximumCdbLength,
        ReservedTargets = new HashSet<int> { Bt958Controller.HostAdapterId },
        TargetRule = "a BT-958 has targets 0 to 15 (7 is the host adapter itself)",
    };

    /// <summary>The VMware paravirtual SCSI adapter (pvscsi).</summary>
    public static ControllerModel Pvscsi { get; } = new(
        "pvscsi",
        "VMware paravirtual SCSI adapter (PVSCSI), driven by the pvscsi miniport through storport.",
        [PvscsiCompletionLatency, PvscsiHangRequest],
        (environment, disks, settings) =>
        {
            var targets = ScsiTargets(disks);
            var options = new PvscsiOptions
            {
                CompletionLatency = PvscsiCompletionLatency.Read(settings),
                HangRequestNumber = PvscsiHangRequest.Read(settings),
                Clock = environment.Clock,
                CrashState = environment.CrashState,
            };
            return new EmulatedControllerSet(new PvscsiController(environment.Memory, targets, options), [.. targets.Values]);
        });

    /// <summary>One Intel PIIX IDE channel with bus-master DMA (atapi).</summary>
    public static ControllerModel PiixIde { get; } = new(
        "piix-ide",
        "Intel PIIX IDE channel with bus-master DMA (target 0 master, 1 slave), driven by the atapi miniport through ataport.",
        [PiixIdeCompletionLatency, PiixIdeResetLatency, PiixIdeUncorrectableLba],
        CreatePiixIde)
    {
        MaximumTarget = 1,
        TargetRule = "an IDE channel has target 0 (master) and 1 (slave)",

        // ATA has an uncorrectable sector (ERR + UNC); BUSY, QUEUE FULL, NOT READY and RECOVERED ERROR are SCSI statuses.
        DiskFaults = new HashSet<DiskFaultKind> { DiskFaultKind.MediumError },
    };

    /// <summary>Every model, in the order listings show them.</summary>
    public static IReadOnlyList<ControllerModel> All { get; } = [Sas1068, Bt958, Pvscsi, PiixIde];

    /// <summary>The model a manifest calls <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The manifest name.</param>
    /// <returns>The model.</returns>
    public static ControllerModel? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    // SCSI controllers hand CDBs to one SBC/SPC disk target per attached disk.
    private static Dictionary<int, IScsiTarget> ScsiTargets(IReadOnlyList<ControllerDisk> disks)
    {
        var targets = new Dictionary<int, IScsiTarget>();
        foreach (var disk in disks.Where(d => d.Attached))
        {
            targets[disk.Target] = new ScsiDiskTarget(disk.Device, new ScsiDiskTargetOptions
            {
                SerialNumber = $"DF{disk.Target:D2}{disk.Lun:D2}",
                PhysicalBlockSize = disk.PhysicalSectorSize,
                UnitAttentionOnReset = disk.UnitAttention,
                Faults = disk.Faults,
            });
        }

        return targets;
    }

    // One IDE channel: target 0 is the master, target 1 the slave; a detached disk does not answer.
    private static EmulatedControllerSet CreatePiixIde(ControllerEnvironment environment, IReadOnlyList<ControllerDisk> disks, IReadOnlyDictionary<string, string> settings)
    {
        var attached = disks.Where(d => d.Attached).ToList();
        var options = new PiixIdeOptions
        {
            CompletionLatency = PiixIdeCompletionLatency.Read(settings),
            ResetLatency = PiixIdeResetLatency.Read(settings),
            UncorrectableSectors = PiixIdeUncorrectableLba.Read(settings),
            Clock = environment.Clock,
            CrashState = environment.CrashState,
            DeviceFaults = attached.ToDictionary(d => d.Target, d => d.Faults),
            DevicePhysicalSectorSizes = attached.Where(d => d.PhysicalSectorSize is not null).ToDictionary(d => d.Target, d => d.PhysicalSectorSize!.Value),
        };
        var controller = new PiixIdeController(
            environment.Memory,
            attached.FirstOrDefault(d => d.Target == 0)?.Device,
            attached.FirstOrDefault(d => d.Target == 1)?.Device,
            options);
        return new EmulatedControllerSet(controller, []);
    }
}
