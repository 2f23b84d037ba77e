using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DumpFramework.Host.Manifest;

/// <summary>
/// Reads one YAML mapping against a fixed set of keys, reporting every mistake with its position. The manifest is
/// read from the representation model rather than deserialized, because semantic errors need node positions too.
/// </summary>
internal sealed class YamlMappingReader
{
    private readonly YamlMappingNode _node;
    private readonly string _file;
    private readonly string _what;
    private readonly HashSet<string> _known;

    public YamlMappingReader(YamlNode node, string file, string what, params string[] knownKeys)
    {
        _file = file;
        _what = what;
        if (node is not YamlMappingNode mapping)
        {
            throw new ManifestException(Locate(node), $"{what} must be a mapping (key: value lines), not {Describe(node)}");
        }

        _node = mapping;
        _known = new HashSet<string>(knownKeys, StringComparer.Ordinal);
        foreach (var key in mapping.Children.Keys)
        {
            string name = KeyName(key, what);
            if (!_known.Contains(name))
            {
                throw new ManifestException(Locate(key), $"unknown key '{name}' in {what}; expected one of: {string.Join(", ", knownKeys)}");
            }
        }
    }

    public SourceLocation Location => Locate(_node);

    public SourceLocation Locate(YamlNode node) => new(_file, node.Start.Line, node.Start.Column);

    public YamlNode? Find(string key) => _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public SourceLocation LocateValue(string key) => Find(key) is { } value ? Locate(value) : Location;

    public YamlNode Required(string key) =>
        Find(key) ?? throw new ManifestException(Location, $"missing required key '{key}' in {_what}");

    public string RequiredString(string key) => ToString(Required(key), key);

    public string? OptionalString(string key) => Find(key) is { } value ? ToString(value, key) : null;

    public int RequiredInt(string key, int min, int max) => ToInt(Required(key), key, min, max);

    public int OptionalInt(string key, int min, int max, int fallback) => Find(key) is { } value ? ToInt(value, key, min, max) : fallback;

    public long RequiredSize(string key) => ToSize(Required(key), key);

    public long? OptionalSize(string key) => Find(key) is { } value ? ToSize(value, key) : null;

    public bool OptionalBool(string key, bool fallback)
    {
        if (Find(key) is not { } node)
        {
            return fallback;
        }

        return node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out bool value)
            ? value
            : throw new ManifestException(Locate(node), $"'{key}' must be true or false, not {Describe(node)}");
    }

    public ulong? OptionalUInt64(string key, ulong max = ulong.MaxValue)
    {
        if (Find(key) is not { } node)
        {
            return null;
        }

        ulong value = ToUInt64(node, key);
        return value <= max ? value : throw new ManifestException(Locate(node), $"'{key}' must be at most 0x{max:X}");
    }

    /// <summary>A number in decimal or 0x-prefixed hex (kernel addresses are written in hex).</summary>
    public ulong ToUInt64(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: { } text } && NumberText.TryParseUInt64(text, out ulong value))
        {
            return value;
        }

        throw new ManifestException(Locate(node), $"'{key}' must be a number (decimal or 0x hex), not {Describe(node)}");
    }

    public IReadOnlyDictionary<string, string> OptionalSettings(string key) => OptionalSettings(key, out _);

    /// <summary>A settings mapping, with where each key and value is written (for errors about one setting).</summary>
    public IReadOnlyDictionary<string, string> OptionalSettings(string key, out IReadOnlyDictionary<string, SettingLocation> locations)
    {
        var positions = new Dictionary<string, SettingLocation>(StringComparer.Ordinal);
        locations = positions;
        if (Find(key) is not { } node)
        {
            return new Dictionary<string, string>();
        }

        if (node is not YamlMappingNode mapping)
        {
            throw new ManifestException(Locate(node), $"'{key}' must be a mapping of setting names to values, not {Describe(node)}");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (settingKey, settingValue) in mapping.Children)
        {
            string name = KeyName(settingKey, $"'{key}'");
            if (settingValue is not YamlScalarNode scalar)
            {
                throw new ManifestException(Locate(settingValue), $"setting '{name}' must be a single value, not {Describe(settingValue)}");
            }

            settings[name] = scalar.Value ?? string.Empty;
            positions[name] = new SettingLocation(Locate(settingKey), Locate(settingValue));
        }

        return settings;
    }

    /// <summary>A mapping key's text; a list, mapping or alias used as a key is a mistake (YAML allows it, a manifest does not).</summary>
    private string KeyName(YamlNode key, string where) => key is YamlScalarNode scalar
        ? scalar.Value ?? string.Empty
        : throw new ManifestException(Locate(key), $"a key in {where} must be a name, not {Describe(key)}");

    public string ToString(YamlNode node, string key)
    {
        if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            throw new ManifestException(Locate(node), $"'{key}' must be a non-empty text value, not {Describe(node)}");
        }

        return scalar.Value;
    }

    public int ToInt(YamlNode node, string key, int min, int max)
    {
        if (node is not YamlScalarNode { Value: { } text } || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw new ManifestException(Locate(node), $"'{key}' must be a whole number, not {Describe(node)}");
        }

        if (value < min || value > max)
        {
            throw new ManifestException(Locate(node), $"'{key}' must be between {min} and {max}, not {value}");
        }

        return value;
    }

    public long ToSize(YamlNode node, string key)
    {
        if (node is not YamlScalarNode { Value: { } text } || !ByteSize.TryParse(text, out long bytes))
        {
            throw new ManifestException(Locate(node), $"'{key}' must be a size such as 4096, 512 MiB or 4 GiB, not {Describe(node)}");
        }

        return bytes;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "" } => "an empty value",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    public static SourceLocation Locate(string file, Mark mark) => new(file, mark.Line, mark.Column);
}
