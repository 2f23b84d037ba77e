using System.Globalization;
using DumpFramework.Host.Manifest;
using YamlDotNet.RepresentationModel;

namespace DumpFramework.Host.Conformance;

/// <summary>
/// A scenario's copy of the user's manifest, edited as a YAML tree in memory (keys set or replaced, never text
/// substituted) and then read by the ordinary manifest loader, so that a variant is checked exactly as a hand-written
/// manifest would be. Disk images are moved into the scenario's scratch folder; the manifest keeps its own path, so
/// that a filter's relative files (dumpfve's key) still resolve.
/// </summary>
internal sealed class ManifestVariant
{
    private readonly YamlMappingNode _root;

    private ManifestVariant(YamlMappingNode root, string path)
    {
        _root = root;
        FilePath = path;
    }

    /// <summary>The manifest's own path (relative driver files resolve against its folder).</summary>
    public string FilePath { get; }

    /// <summary>Reads <paramref name="text"/> (already accepted by the loader) as a tree to edit.</summary>
    public static ManifestVariant Parse(string text, string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new ManifestVariant((YamlMappingNode)stream.Documents[0].RootNode, path);
    }

    /// <summary>Sets <c>hardware.KEY</c>.</summary>
    public void SetHardware(string key, string value) => Mapping(_root, "hardware").Children[new YamlScalarNode(key)] = Scalar(value);

    /// <summary>Sets one controller setting, turning <c>controller: NAME</c> into its mapping form first.</summary>
    public void SetControllerSetting(string key, string value)
    {
        var hardware = Mapping(_root, "hardware");
        var name = new YamlScalarNode("controller");
        if (hardware.Children[name] is YamlScalarNode model)
        {
            hardware.Children[name] = new YamlMappingNode(new YamlScalarNode("model"), Scalar(model.Value ?? string.Empty));
        }

        var controller = (YamlMappingNode)hardware.Children[name];
        Mapping(controller, "settings").Children[new YamlScalarNode(key)] = Scalar(value);
    }

    /// <summary>Sets one port setting, turning <c>port: NAME</c> into its mapping form first.</summary>
    public void SetPortSetting(string key, string value)
    {
        var name = new YamlScalarNode("port");
        if (_root.Children[name] is YamlScalarNode port)
        {
            _root.Children[name] = new YamlMappingNode(new YamlScalarNode("name"), Scalar(port.Value ?? string.Empty));
        }

        Mapping((YamlMappingNode)_root.Children[name], "settings").Children[new YamlScalarNode(key)] = Scalar(value);
    }

    /// <summary>Sets <c>KEY</c> of the disk with target <paramref name="target"/>.</summary>
    public void SetDisk(int target, string key, YamlNode value) => Disk(target).Children[new YamlScalarNode(key)] = value;

    /// <summary>Sets <c>KEY</c> of the disk with target <paramref name="target"/> to a scalar.</summary>
    public void SetDisk(int target, string key, string value) => SetDisk(target, key, Scalar(value));

    /// <summary>Removes <c>KEY</c> of the disk with target <paramref name="target"/> when present.</summary>
    public void RemoveDisk(int target, string key) => Disk(target).Children.Remove(new YamlScalarNode(key));

    /// <summary>Sets <c>dump.KEY</c>.</summary>
    public void SetDump(string key, string value) => Mapping(_root, "dump").Children[new YamlScalarNode(key)] = Scalar(value);

    /// <summary>Removes <c>dump.KEY</c> when present.</summary>
    public void RemoveDump(string key) => Mapping(_root, "dump").Children.Remove(new YamlScalarNode(key));

    /// <summary>A number as a manifest scalar.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A list of mappings (e.g. a disk's <c>faults</c>), each given as key/value pairs.</summary>
    public static YamlSequenceNode List(params (string Key, string Value)[][] items) =>
        new(items.Select(item => (YamlNode)new YamlMappingNode(item.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), Scalar(p.Value))))));

    /// <summary>The edited manifest, read and checked by <see cref="StackManifestLoader"/>.</summary>
    /// <exception cref="ManifestException">The loader refuses the variant.</exception>
    public StackManifest Load()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(_root)).Save(writer, assignAnchors: false);
        return StackManifestLoader.Parse(writer.ToString(), FilePath);
    }

    private YamlMappingNode Disk(int target)
    {
        var disks = (YamlSequenceNode)Mapping(_root, "hardware").Children[new YamlScalarNode("disks")];
        return disks.Children.OfType<YamlMappingNode>().First(d => d.Children.TryGetValue(new YamlScalarNode("target"), out var t)
            && t is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value == target);
    }

    private static YamlMappingNode Mapping(YamlMappingNode parent, string key)
    {
        var name = new YamlScalarNode(key);
        if (!parent.Children.TryGetValue(name, out var node) || node is not YamlMappingNode mapping)
        {
            mapping = new YamlMappingNode();
            parent.Children[name] = mapping;
        }

        return mapping;
    }

    // Quoted, so that a value such as "true" or "1,2" stays the string the loader expects.
    private static YamlScalarNode Scalar(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
}
