using DumpFramework.Hardware.BlockDevices;
using DumpFramework.Hardware.Contracts;
using DumpFramework.Hardware.Controllers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DumpFramework.Host.Manifest;

/// <summary>Reads a stack manifest (YAML) and checks its shape; every mistake becomes a <see cref="ManifestException"/>
/// with the file, line and column.</summary>
internal static class StackManifestLoader
{
    /// <summary>The largest disk image the host creates (a missing image is created sparse at its <c>size</c>): a round
    /// bound below ext4's largest file (16 TiB less one 4 KiB block).</summary>
    public const long MaxCreatedImageSize = 8L << 40;

    /// <summary>The keys <c>hardware</c> accepts: what a conformance scenario may set there.</summary>
    public static IReadOnlyList<string> HardwareKeys { get; } = ["controller", CrashStateNames.Key, "disks"];

    /// <summary>The keys a disk under <c>hardware.disks</c> accepts.</summary>
    public static IReadOnlyList<string> DiskKeys { get; } = ["target", "lun", "image", "size", "block_size", "attached"];

    public static StackManifest Load(string path) => Parse(ManifestFile.ReadText(path), path);

    public static StackManifest Parse(string text, string path)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(new BoundedYamlParser(parser, path));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some malformed flow collections; report where parsing stopped.
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new ManifestException(YamlMappingReader.Locate(path, mark), "malformed YAML: a flow collection ([ or {) opened here is never closed");
        }
        catch (ArgumentException)
        {
            // The representation model throws this on an event it cannot place (BoundedYamlParser catches the known
            // case, a key left empty, with a better position).
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new ManifestException(YamlMappingReader.Locate(path, mark), "malformed YAML: a key or value is missing before this point");
        }
        catch (YamlException error)
        {
            string message = error.Message.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? $"duplicate key '{error.Message["Duplicate key ".Length..].Trim()}'"
                : error.Message;
            throw new ManifestException(YamlMappingReader.Locate(path, error.Start), message);
        }

        if (stream.Documents.Count == 0)
        {
            throw new ManifestException(new SourceLocation(path, 1, 1), "the manifest is empty");
        }

        if (stream.Documents.Count > 1)
        {
            throw new ManifestException(YamlMappingReader.Locate(path, stream.Documents[1].RootNode.Start), "a manifest is one YAML document; this is a second one (after '---')");
        }

        var root = new YamlMappingReader(stream.Documents[0].RootNode, path, "the manifest", "stack", "port", "miniport", "filters", "filter_errors", "hardware", "dump");
        string name = root.RequiredString("stack");
        var port = ReadDriver(root, root.Required("port"), "port");
        var miniport = ReadMiniport(root, root.Required("miniport"));
        var filters = ReadFilters(root);
        var policy = ReadPolicy(root);

        var hardware = new YamlMappingReader(root.Required("hardware"), path, "'hardware'", [.. HardwareKeys]);
        var (controller, model) = ReadController(hardware, path);
        controller = controller with { CrashState = ReadCrashState(hardware) };
        var disks = ReadDisks(hardware, path, model);

        var dumpReader = new YamlMappingReader(root.Required("dump"), path, "'dump'", "disk", "offset", "length", "extents", "format", "omit_zero_pages", "header");
        int dumpDisk = dumpReader.OptionalInt("disk", 0, 255, disks[0].Target);
        if (disks.All(d => d.Target != dumpDisk))
        {
            throw new ManifestException(dumpReader.LocateValue("disk"), $"dump disk {dumpDisk} is not one of the disks under 'hardware' (targets: {string.Join(", ", disks.Select(d => d.Target))})");
        }

        var (extents, extentLocations) = ReadExtents(dumpReader, path);
        var dump = new DumpRegionSpec(
            dumpDisk,
            dumpReader.RequiredSize("offset"),
            dumpReader.RequiredSize("length"),
            dumpReader.Location,
            dumpReader.LocateValue("offset"),
            dumpReader.LocateValue("length"))
        {
            Extents = extents,
            ExtentsLocation = dumpReader.LocateValue("extents"),
            ExtentLocations = extentLocations,
            Format = ReadFormat(dumpReader),
            OmitZeroPages = dumpReader.OptionalBool("omit_zero_pages", false),
            Header = ReadHeader(dumpReader, path),
        };

        var manifest = new StackManifest
        {
            FilePath = path,
            Name = name,
            Port = port,
            Miniport = miniport,
            Filters = filters,
            FilterErrorPolicy = policy,
            Controller = controller,
            Disks = disks,
            Dump = dump,
        };
        CheckRegion(manifest);
        return manifest;
    }

    private static DriverReference ReadDriver(YamlMappingReader parent, YamlNode node, string key)
    {
        // A driver is either its base name alone or a mapping with name and settings.
        if (node is YamlScalarNode)
        {
            return new DriverReference(parent.ToString(node, key), new Dictionary<string, string>(), parent.Locate(node));
        }

        var reader = new YamlMappingReader(node, parent.Location.File, $"'{key}'", "name", "settings");
        var settings = reader.OptionalSettings("settings", out var locations);
        return new DriverReference(reader.RequiredString("name"), settings, reader.LocateValue("name")) { SettingLocations = locations };
    }

    // A miniport is a plugin (as any driver) or a native library: {native: path, name, links[, sha256][, watchdog]}.
    private static DriverReference ReadMiniport(YamlMappingReader parent, YamlNode node)
    {
        if (node is not YamlMappingNode mapping || !mapping.Children.ContainsKey(new YamlScalarNode("native")))
        {
            return ReadDriver(parent, node, "miniport");
        }

        var reader = new YamlMappingReader(node, parent.Location.File, "'miniport'", "native", "name", "links", "sha256", "watchdog");
        string library = reader.RequiredString("native");
        if (library.Length == 0 || library.Contains('\0', StringComparison.Ordinal))
        {
            throw new ManifestException(reader.LocateValue("native"), "'native' must be the path of the miniport's shared object (.so)");
        }

        string name = reader.RequiredString("name");
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ManifestException(reader.LocateValue("name"), $"'name' must be the driver's base name (letters, digits, '_' or '-'), not '{name}'");
        }

        string links = reader.RequiredString("links");
        if (!Abstractions.Drivers.PortInterfaceNames.TryParse(links, out var portInterface) || portInterface == Abstractions.Drivers.PortInterface.AtaPort)
        {
            throw new ManifestException(reader.LocateValue("links"), $"'links' of a native miniport must be storport or scsiport, not '{links}'");
        }

        string? sha256 = reader.OptionalString("sha256");
        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            throw new ManifestException(reader.LocateValue("sha256"), "'sha256' must be the library's SHA-256 as 64 hex digits");
        }

        int watchdog = reader.OptionalInt("watchdog", 1, 3600, NativeMiniportSpec.DefaultWatchdogSeconds);
        string directory = Path.GetDirectoryName(Path.GetFullPath(parent.Location.File)) ?? ".";
        var spec = new NativeMiniportSpec(Path.GetFullPath(library, directory), portInterface, sha256?.ToLowerInvariant(), TimeSpan.FromSeconds(watchdog), reader.LocateValue("native"));
        return new DriverReference(name, new Dictionary<string, string>(), reader.LocateValue("name")) { Native = spec };
    }

    private static List<DriverReference> ReadFilters(YamlMappingReader root)
    {
        if (root.Find("filters") is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw new ManifestException(root.Locate(node), $"'filters' must be a list of filter names, not {YamlMappingReader.Describe(node)}");
        }

        var filters = new List<DriverReference>();
        foreach (var item in list.Children)
        {
            var filter = ReadDriver(root, item, "filters");
            if (filters.Any(f => string.Equals(f.BaseName, filter.BaseName, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ManifestException(filter.Location, $"filter '{filter.BaseName}' is listed twice");
            }

            filters.Add(filter);
        }

        return filters;
    }

    private static FilterErrorPolicy ReadPolicy(YamlMappingReader root)
    {
        string? text = root.OptionalString("filter_errors");
        return text switch
        {
            null or "abort" => FilterErrorPolicy.Abort,
            "continue" => FilterErrorPolicy.Continue,
            _ => throw new ManifestException(root.LocateValue("filter_errors"), $"'filter_errors' must be 'abort' or 'continue', not '{text}'"),
        };
    }

    private static (ControllerSpec Spec, ControllerModel Model) ReadController(YamlMappingReader hardware, string path)
    {
        var node = hardware.Required("controller");
        string name;
        IReadOnlyDictionary<string, string> settings;
        SourceLocation location;
        if (node is YamlScalarNode)
        {
            name = hardware.ToString(node, "controller");
            settings = new Dictionary<string, string>();
            location = hardware.Locate(node);
        }
        else
        {
            var reader = new YamlMappingReader(node, path, "'controller'", "model", "settings");
            name = reader.RequiredString("model");
            settings = reader.OptionalSettings("settings");
            location = reader.LocateValue("model");
        }

        var model = ControllerModels.Find(name)
            ?? throw new ManifestException(location, $"unknown controller model '{name}'; expected one of: {string.Join(", ", ControllerModels.All.Select(m => m.Name))}");

        // Checked here, through the model's own declaration, so that validate refuses what dump would and a typo is not ignored.
        foreach (var (key, value) in settings)
        {
            if (model.CheckSetting(key, value) is { } refusal)
            {
                throw new ManifestException(location, refusal);
            }
        }

        return (new ControllerSpec(model.Name, settings, location), model);
    }

    private static ControllerCrashState ReadCrashState(YamlMappingReader hardware)
    {
        string? text = hardware.OptionalString(CrashStateNames.Key);
        if (text is null)
        {
            return ControllerCrashState.Running;
        }

        return CrashStateNames.TryParse(text, out var state)
            ? state
            : throw new ManifestException(hardware.LocateValue(CrashStateNames.Key), $"'{CrashStateNames.Key}' must be {string.Join(", ", CrashStateNames.All.Select(e => e.Name))}, not '{text}'");
    }

    private static List<DiskSpec> ReadDisks(YamlMappingReader hardware, string path, ControllerModel model)
    {
        var node = hardware.Required("disks");
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw new ManifestException(hardware.Locate(node), "'disks' must be a list with at least one disk");
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var disks = new List<DiskSpec>();
        foreach (var item in list.Children)
        {
            var reader = new YamlMappingReader(item, path, "a disk", [.. DiskKeys]);
            int target = reader.RequiredInt("target", 0, 255);
            if (model.CheckTarget(target) is { } refusal)
            {
                throw new ManifestException(reader.LocateValue("target"), refusal);
            }

            if (disks.Any(d => d.Target == target))
            {
                throw new ManifestException(reader.LocateValue("target"), $"two disks use target {target}");
            }

            int blockSize = reader.OptionalInt("block_size", 512, 4096, 512);
            if (blockSize is not (512 or 4096))
            {
                throw new ManifestException(reader.LocateValue("block_size"), $"'block_size' must be 512 or 4096, not {blockSize}");
            }

            string image = reader.RequiredString("image");
            if (image.Contains('\0', StringComparison.Ordinal))
            {
                // No file system takes a NUL in a path (the OS would read the path only up to it).
                throw new ManifestException(reader.LocateValue("image"), "'image' must be a file path, and a path cannot contain a NUL character");
            }

            long? size = reader.OptionalSize("size");
            if (size is { } bytes && (bytes <= 0 || bytes % blockSize != 0))
            {
                throw new ManifestException(reader.LocateValue("size"), $"'size' must be a positive multiple of the block size ({blockSize}), not {bytes}");
            }

            string imagePath = Path.GetFullPath(image, directory);
            if (size > MaxCreatedImageSize && !File.Exists(imagePath))
            {
                // The image will be created sparse at this size. How large a file may grow depends on the file system
                // (ext4: just under 16 TiB), which validate cannot find out without creating one; one bound everywhere keeps
                // validate's answer the same on every machine. A larger disk is a block device or an existing image.
                throw new ManifestException(reader.LocateValue("size"), $"'size' of an image to create must be at most {ByteSize.Format(MaxCreatedImageSize)} (ext4 holds files just under 16 TiB), not {ByteSize.Format(size.Value)}");
            }

            disks.Add(new DiskSpec(target, reader.OptionalInt("lun", 0, 7, 0), image, size, blockSize, reader.Location, reader.LocateValue("size"))
            {
                ImagePath = imagePath,
                Attached = reader.OptionalBool("attached", true),
            });
        }

        return disks;
    }

    private static (List<(long Offset, long Length)> Extents, List<SourceLocation> Locations) ReadExtents(YamlMappingReader dump, string path)
    {
        if (dump.Find("extents") is not { } node)
        {
            return ([], []);
        }

        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw new ManifestException(dump.Locate(node), "'extents' must be a list of {offset, length} entries");
        }

        var extents = new List<(long, long)>(list.Children.Count);
        var locations = new List<SourceLocation>(list.Children.Count);
        foreach (var item in list.Children)
        {
            var extent = new YamlMappingReader(item, path, "an extent", "offset", "length");
            extents.Add((extent.RequiredSize("offset"), extent.RequiredSize("length")));
            locations.Add(extent.Location);
        }

        return (extents, locations);
    }

    private static DumpFormat ReadFormat(YamlMappingReader dump) => dump.OptionalString("format") switch
    {
        null or "full" => DumpFormat.Full,
        "bitmap" => DumpFormat.Bitmap,
        "raw" => DumpFormat.Raw,
        var other => throw new ManifestException(dump.LocateValue("format"), $"'format' must be full, bitmap or raw, not '{other}'"),
    };

    private static CrashHeaderSpec ReadHeader(YamlMappingReader dump, string path)
    {
        if (dump.Find("header") is not { } node)
        {
            return new CrashHeaderSpec();
        }

        var header = new YamlMappingReader(node, path, "'header'", "bugcheck_code", "bugcheck_parameters", "directory_table_base", "kd_debugger_data_block", "ps_loaded_module_list", "ps_active_process_head", "pfn_database", "processors", "comment");
        var parameters = new List<ulong>();
        if (header.Find("bugcheck_parameters") is { } list)
        {
            if (list is not YamlSequenceNode sequence || sequence.Children.Count > 4)
            {
                throw new ManifestException(header.Locate(list), "'bugcheck_parameters' must be a list of at most 4 numbers");
            }

            parameters.AddRange(sequence.Children.Select(item => header.ToUInt64(item, "bugcheck_parameters")));
        }

        return new CrashHeaderSpec
        {
            BugCheckCode = header.OptionalUInt64("bugcheck_code", uint.MaxValue) is { } code ? (uint)code : null,
            BugCheckParameters = parameters,
            DirectoryTableBase = header.OptionalUInt64("directory_table_base"),
            KdDebuggerDataBlock = header.OptionalUInt64("kd_debugger_data_block"),
            PsLoadedModuleList = header.OptionalUInt64("ps_loaded_module_list"),
            PsActiveProcessHead = header.OptionalUInt64("ps_active_process_head"),
            PfnDataBase = header.OptionalUInt64("pfn_database"),
            Processors = header.OptionalUInt64("processors", 1024) is { } processors ? (uint)processors : null,
            Comment = header.OptionalString("comment"),
        };
    }

    private static void CheckRegion(StackManifest manifest)
    {
        var dump = manifest.Dump;
        var disk = manifest.DumpDisk;
        if (dump.Offset % disk.BlockSize != 0)
        {
            throw new ManifestException(dump.OffsetLocation, $"dump 'offset' must be a multiple of the disk's block size ({disk.BlockSize})");
        }

        if (dump.Length <= 0 || dump.Length % disk.BlockSize != 0)
        {
            throw new ManifestException(dump.LengthLocation, $"dump 'length' must be a positive multiple of the disk's block size ({disk.BlockSize})");
        }

        for (int index = 0; index < dump.Extents.Count; index++)
        {
            var (offset, length) = dump.Extents[index];
            if (offset % disk.BlockSize != 0 || length <= 0 || length % disk.BlockSize != 0)
            {
                throw new ManifestException(dump.ExtentLocations[index], $"extent {ByteSize.Format(offset)} + {ByteSize.Format(length)} is not a positive, block-aligned range ({disk.BlockSize}-byte blocks)");
            }

            // Compared by subtraction: offsets near long.MaxValue must not wrap around into range.
            if (offset < dump.Offset || offset - dump.Offset > dump.Length - length)
            {
                throw new ManifestException(dump.ExtentLocations[index], $"extent {ByteSize.Format(offset)} + {ByteSize.Format(length)} lies outside the dump region ({ByteSize.Format(dump.Offset)} + {ByteSize.Format(dump.Length)})");
            }
        }

        // By position, not by value: the same extent listed twice overlaps itself.
        if (ExtentOverlap.Find(dump.Extents) is var (first, second))
        {
            var (offset, length) = dump.Extents[second];
            var other = dump.ExtentLocations[first];
            throw new ManifestException(dump.ExtentLocations[second], $"extent {ByteSize.Format(offset)} + {ByteSize.Format(length)} overlaps another extent ({ByteSize.Format(dump.Extents[first].Offset)} + {ByteSize.Format(dump.Extents[first].Length)}, line {other.Line})");
        }

        // A block device's size is only known once it is opened (the hardware factory checks it then).
        long? diskSize = disk.Size ?? (File.Exists(disk.ImagePath) && !BlockDeviceFactory.IsBlockDevice(disk.ImagePath) ? new FileInfo(disk.ImagePath).Length : null);
        if (diskSize is { } size)
        {
            CheckRegionFits(dump, size, $"disk {disk.Target}");
        }
    }

    /// <summary>Refuses a dump region that does not lie inside a disk of <paramref name="diskSize"/> bytes.</summary>
    /// <param name="dump">The dump region.</param>
    /// <param name="diskSize">The disk's size in bytes.</param>
    /// <param name="disk">The disk, for the message (<c>disk 0</c>, or a path).</param>
    public static void CheckRegionFits(DumpRegionSpec dump, long diskSize, string disk)
    {
        // Compared by subtraction: an offset near long.MaxValue must not wrap around into range.
        if (dump.Length > diskSize || dump.Offset > diskSize - dump.Length)
        {
            throw new ManifestException(dump.LengthLocation, $"the dump region ({ByteSize.Format(dump.Offset)} + {ByteSize.Format(dump.Length)}) lies outside {disk} ({ByteSize.Format(diskSize)})");
        }
    }
}
