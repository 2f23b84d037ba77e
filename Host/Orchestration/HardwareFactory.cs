using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Controllers;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Orchestration;

/// <summary>Builds the manifest's hardware: opens the raw devices (image files created sparse when missing) and
/// looks the controller model up in <see cref="ControllerModels"/>, which builds the controller and its disk targets.
/// The model name, its settings and the disk targets were checked when the manifest was loaded.</summary>
internal static class HardwareFactory
{
    public static BenchHardware Create(StackManifest manifest, IPhysicalMemory memory, IStallClock clock, string? dumpDiskOverride)
    {
        var model = ControllerModels.Find(manifest.Controller.Model)
            ?? throw new ManifestException(manifest.Controller.Location, $"controller model '{manifest.Controller.Model}' has no emulation");
        var devices = new List<IBlockDevice>();
        try
        {
            var disks = new List<ControllerDisk>();
            foreach (var disk in manifest.Disks)
            {
                bool overridden = disk.Target == manifest.Dump.Disk && dumpDiskOverride is not null;
                string path = overridden ? Path.GetFullPath(dumpDiskOverride!) : disk.ImagePath;
                var device = OpenDevice(disk, path);
                devices.Add(device);
                disks.Add(new ControllerDisk(disk.Target, disk.Lun, device, disk.Attached));

                // The loader checked the region against the image's size; a block device's size, or that of a disk
                // given on the command line instead, is only known now that it is open.
                if (disk.Target == manifest.Dump.Disk && (overridden || BlockDeviceFactory.IsBlockDevice(path)))
                {
                    StackManifestLoader.CheckRegionFits(manifest.Dump, device.Length, path);
                }
            }

            var created = model.Create(new ControllerEnvironment(memory, clock, manifest.Controller.CrashState), disks, manifest.Controller.Settings);
            return new BenchHardware(created.Controller, devices, created.ScsiTargets);
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
        catch (Exception error) when (error is not FileLockedException && error is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            throw new ManifestException(disk.Location, $"cannot open disk {path}: {error.Message}");
        }
    }
}
