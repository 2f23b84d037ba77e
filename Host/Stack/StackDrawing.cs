using System.Globalization;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Host.Manifest;
using DumpFramework.Host.Plugins;

namespace DumpFramework.Host.Stack;

/// <summary>Draws an assembled stack top to bottom: host, filters, port (image and alias), miniport, hardware, disks.</summary>
internal static class StackDrawing
{
    public static void Draw(AssembledStack stack, TextWriter output)
    {
        var manifest = stack.Manifest;
        var binding = stack.Binding;
        output.WriteLine($"stack {manifest.Name}  ({manifest.FilePath})");
        output.WriteLine();
        Row(output, "crashdmp", "host", "dumpstack: writes the dump, polls the port");
        foreach (var filter in stack.Filters)
        {
            Arrow(output, "DumpStart / DumpWrite / DumpFinish, DumpRead on read-back");
            Row(output, filter.LoadName, "filter", $"{filter.Descriptor.BaseName}.sys {filter.Descriptor.Version}{Settings(manifest.Filters.First(f => Same(f.BaseName, filter.Descriptor.BaseName)).Settings)}", filter.Descriptor);
        }

        Arrow(output, "Open / Write / Read / Finish");
        string exports = string.Join(", ", stack.Port.Descriptor.Exports.Select(e => e.ToImageName()));
        string unloaded = binding.TransientCollected ? "unloaded" : "NOT unloaded";
        Row(output, binding.Alias, "port", $"{binding.ImageName}.sys {stack.Port.Descriptor.Version} bound as {binding.Alias} (exports {exports}; transient load {binding.TransientName} {unloaded})", stack.Port.Descriptor);
        Arrow(output, $"{stack.Miniport.Links.ToImageName()} services (dump implementation); SRBs, polled");
        Row(output, stack.Miniport.LoadName, "miniport", $"{stack.Miniport.Detail}{Settings(manifest.Miniport.Settings)}", stack.Miniport.Descriptor);
        Arrow(output, "registers and DMA");
        Row(output, manifest.Controller.Model, "hardware", $"emulated controller{Settings(manifest.Controller.Settings)}");
        foreach (var disk in manifest.Disks)
        {
            string size = disk.Size is { } bytes ? ByteSize.Format(bytes) : "size of the existing image";
            Row(output, string.Create(CultureInfo.InvariantCulture, $"  target {disk.Target} lun {disk.Lun}"), "disk", $"{disk.Image}, {size}, {disk.BlockSize}-byte blocks");
        }

        output.WriteLine();
        var dump = manifest.Dump;
        string blockMap = dump.Extents.Count == 0 ? "contiguous" : $"{dump.Extents.Count} extents: " + string.Join(", ", dump.Extents.Select(e => $"{ByteSize.Format(e.Offset)}+{ByteSize.Format(e.Length)}"));
        output.WriteLine($"dump region: disk {dump.Disk}, offset {ByteSize.Format(dump.Offset)}, length {ByteSize.Format(dump.Length)}, block map {blockMap}");
        output.WriteLine($"dump format: {dump.Format.ToString().ToLowerInvariant()}{(dump.OmitZeroPages ? " without zero pages" : string.Empty)}; filter errors: {manifest.FilterErrorPolicy.ToString().ToLowerInvariant()}");
    }

    private static void Row(TextWriter output, string name, string kind, string detail, DriverDescriptor? descriptor = null)
    {
        output.WriteLine($"  {name,-16} {kind,-9} {detail}");
        if (descriptor is { NotImplemented.Count: > 0 })
        {
            output.WriteLine($"  {string.Empty,-16} {string.Empty,-9} ! not implemented yet: {string.Join(", ", descriptor.NotImplemented)}");
        }
    }

    private static void Arrow(TextWriter output, string what) => output.WriteLine($"      |  {what}");

    private static string Settings(IReadOnlyDictionary<string, string> settings) =>
        settings.Count == 0 ? string.Empty : " [" + string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")) + "]";

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
