using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Ide;
using DumpFramework.Hardware.LsiSas;
using DumpFramework.Hardware.Pvscsi;
using DumpFramework.Hardware.Scsi;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Orchestration;

/// <summary>Builds the manifest's hardware: raw devices (image files created sparse when missing), disk targets and the controller model.</summary>
internal static class HardwareFactory
{
    public static BenchHardware Create(StackManifest manifest, IPhysicalMemory memory, string? dumpDiskOverride)
    {
        var devices = new List<IBlockDevice>();
        try
        {
            foreach (var disk in manifest.Disks)
            {
                string path = disk.Target == manifest.Dump.Disk && dumpDiskOverride is not null ? Path.GetFullPath(dumpDiskOverride) : disk.ImagePath;
                var device = OpenDevice(disk, path);
                devices.Add(device);
                if (manifest.Dump.Disk == disk.Target && (manifest.Dump.Length > device.Length || manifest.Dump.Offset > device.Length - manifest.Dump.Length))
                {
                    throw new ManifestException(manifest.Dump.LengthLocation, $"the dump region ({ByteSize.Format(manifest.Dump.Offset)} + {ByteSize.Format(manifest.Dump.Length)}) lies outside {path} ({ByteSize.Format(device.Length)})");
                }
            }

            var targets = new Dictionary<int, IScsiTarget>();
            IEmulatedController controller = manifest.Controller.Model switch
            {
                "lsi-sas1068" => new Sas1068Controller(memory, ScsiTargets(manifest, devices, targets), Sas1068OptionsFrom(manifest.Controller)),
                "pvscsi" => new PvscsiController(memory, ScsiTargets(manifest, devices, targets), PvscsiOptionsFrom(manifest.Controller)),
                "piix-ide" => CreateIde(manifest, memory, devices),
                _ => throw new ManifestException(manifest.Controller.Location, $"controller model '{manifest.Controller.Model}' has no emulation"),
            };
            return new BenchHardware(controller, devices, [.. targets.Values]);
        }
        catch
        {
            foreach (var device in devices)
            {
                device.Dispose();
            }

            throw;
        }
    }

    // SCSI controllers hand CDBs to one SBC/SPC disk target per attached disk.
    private static Dictionary<int, IScsiTarget> ScsiTargets(StackManifest manifest, List<IBlockDevice> devices, Dictionary<int, IScsiTarget> targets)
    {
        for (int i = 0; i < manifest.Disks.Count; i++)
        {
            var disk = manifest.Disks[i];
            if (disk.Attached)
            {
                targets[disk.Target] = new ScsiDiskTarget(devices[i], new ScsiDiskTargetOptions { SerialNumber = $"DF{disk.Target:D2}{disk.Lun:D2}" });
            }
        }

        return targets;
    }

    private static IBlockDevice OpenDevice(DiskSpec disk, string path)
    {
        try
        {
            // An image that is to be created gets its folder too (disks/ beside a sample manifest).
            if (disk.Size is not null && !File.Exists(path) && Path.GetDirectoryName(path) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            return BlockDeviceFactory.Open(path, disk.Size, disk.BlockSize, readOnly: false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            throw new ManifestException(disk.Location, $"cannot open disk {path}: {error.Message}");
        }
    }

    private static Sas1068Options Sas1068OptionsFrom(ControllerSpec spec) =>
        spec.Settings.TryGetValue("completion_latency", out string? latency)
            ? new Sas1068Options { CompletionLatency = ParsePolls(spec, "completion_latency", latency) }
            : new Sas1068Options();

    // One IDE channel: target 0 is the master, target 1 the slave; a detached disk does not answer.
    private static PiixIdeController CreateIde(StackManifest manifest, IPhysicalMemory memory, List<IBlockDevice> devices)
    {
        IBlockDevice? master = null;
        IBlockDevice? slave = null;
        for (int i = 0; i < manifest.Disks.Count; i++)
        {
            var disk = manifest.Disks[i];
            if (disk.Target > 1)
            {
                throw new ManifestException(disk.Location, $"an IDE channel has target 0 (master) and 1 (slave), not {disk.Target}");
            }

            if (disk.Attached)
            {
                _ = disk.Target == 0 ? master = devices[i] : slave = devices[i];
            }
        }

        var spec = manifest.Controller;
        return new PiixIdeController(memory, master, slave, new PiixIdeOptions
        {
            CompletionLatency = spec.Settings.TryGetValue("completion_latency", out string? latency) ? ParsePolls(spec, "completion_latency", latency) : 1,
            UncorrectableSectors = spec.Settings.TryGetValue("uncorrectable_lba", out string? lbas) ? ParseLbas(spec, lbas) : null,
        });
    }

    // Fault injection: sectors the ATA disk cannot write or read (ERR + UNC), as a comma-separated list of LBAs.
    private static HashSet<long> ParseLbas(ControllerSpec spec, string text)
    {
        var lbas = new HashSet<long>();
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            lbas.Add(long.TryParse(item, out long lba) && lba >= 0
                ? lba
                : throw new ManifestException(spec.Location, $"setting 'uncorrectable_lba' must list sector numbers, not '{item}'"));
        }

        return lbas;
    }

    private static PvscsiOptions PvscsiOptionsFrom(ControllerSpec spec) => new()
    {
        CompletionLatency = spec.Settings.TryGetValue("completion_latency", out string? latency) ? ParsePolls(spec, "completion_latency", latency) : 0,
        HangRequestNumber = spec.Settings.TryGetValue("hang_request", out string? hang) ? ParsePolls(spec, "hang_request", hang) : null,
    };

    private static int ParsePolls(ControllerSpec spec, string key, string text) =>
        int.TryParse(text, out int polls) && polls >= 0
            ? polls
            : throw new ManifestException(spec.Location, $"setting '{key}' must be a whole number of polls, not '{text}'");
}
