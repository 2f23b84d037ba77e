using System.Security.Cryptography;
using System.Text.Json;

namespace DumpFramework.Host.Plugins;

/// <summary>
/// <c>plugins.lock</c>, at the top of a plugin folder: for each plugin sub-folder, the driver's base name and version
/// and the SHA-256 of every file in the sub-folder. The host refuses to load a plugin whose files differ from its pin
/// (a file changed, added or removed) before any of its code runs: the analogue of Windows checking a driver's
/// signature before DriverEntry. Written by <c>dumpstack plugins --pin</c>; the build pins the built-in plugins.
/// </summary>
internal sealed class PluginLock
{
    public const string FileName = "plugins.lock";

    /// <summary>The format this host writes and reads.</summary>
    private const int Format = 1;

    /// <summary>A lock is a few kilobytes; anything far larger is not a lock and is not read into memory.</summary>
    private const long MaximumLength = 16 << 20;

    private readonly Dictionary<string, PinnedPlugin> _byFolder;

    private PluginLock(string path, IEnumerable<PinnedPlugin> plugins)
    {
        Path = path;
        _byFolder = plugins.ToDictionary(p => p.Folder, StringComparer.Ordinal);
    }

    /// <summary>Where the lock is.</summary>
    public string Path { get; }

    public IEnumerable<PinnedPlugin> Plugins => _byFolder.Values;

    /// <summary>The pin of the plugin sub-folder named <paramref name="folderName"/>, if the lock has one.</summary>
    public PinnedPlugin? Find(string folderName) => _byFolder.GetValueOrDefault(folderName);

    /// <summary>Reads the lock of <paramref name="pluginDirectory"/>; <see langword="null"/> when it has none.</summary>
    /// <exception cref="PluginLoadException">The lock is not a regular file or is not a lock this host reads.</exception>
    public static PluginLock? ReadFrom(string pluginDirectory)
    {
        string path = System.IO.Path.Combine(pluginDirectory, FileName);
        var kind = PluginFileKind.Of(path);
        if (kind == PluginFileKind.Kind.Missing)
        {
            return null;
        }

        PluginFileKind.RequireRegularFile(path);
        try
        {
            if (new FileInfo(path).Length > MaximumLength)
            {
                throw new PluginLoadException($"{path} is larger than {MaximumLength >> 20} MiB: not a plugin lock.");
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || !format.TryGetInt32(out int version) || version != Format)
            {
                throw new PluginLoadException($"{path} is not a format {Format} plugin lock (\"format\": {Format} missing).");
            }

            var plugins = new List<PinnedPlugin>();
            foreach (var plugin in Required(root, "plugins", JsonValueKind.Array, path).EnumerateArray())
            {
                var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var file in Required(plugin, "files", JsonValueKind.Object, path).EnumerateObject())
                {
                    string hash = file.Value.ValueKind == JsonValueKind.String ? file.Value.GetString()! : string.Empty;
                    if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
                    {
                        throw new PluginLoadException($"{path}: the hash of {file.Name} is not a lowercase hex SHA-256.");
                    }

                    files[file.Name] = hash;
                }

                plugins.Add(new PinnedPlugin(
                    Required(plugin, "folder", JsonValueKind.String, path).GetString()!,
                    Required(plugin, "name", JsonValueKind.String, path).GetString()!,
                    Required(plugin, "version", JsonValueKind.String, path).GetString()!,
                    files));
            }

            var repeated = plugins.GroupBy(p => p.Folder, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
            {
                throw new PluginLoadException($"{path} pins the folder {repeated.Key} twice.");
            }

            return new PluginLock(path, plugins);
        }
        catch (JsonException error)
        {
            throw new PluginLoadException($"{path} is not valid JSON (line {error.LineNumber + 1}): {error.Message}", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PluginLoadException($"{path} cannot be read: {error.Message}", error);
        }
    }

    /// <summary>Pins <paramref name="plugins"/> (each plugin's current files) into <paramref name="pluginDirectory"/>'s
    /// lock, replacing it atomically.</summary>
    /// <exception cref="PluginLoadException">A plugin folder holds something other than regular files and folders.</exception>
    public static PluginLock Write(string pluginDirectory, IEnumerable<DriverDescriptor> plugins)
    {
        var pins = plugins
            .Select(p => new PinnedPlugin(System.IO.Path.GetFileName(p.Folder), p.BaseName, p.Version.ToString(), PluginFolderFiles.Hash(p.Folder)))
            .OrderBy(p => p.Folder, StringComparer.Ordinal)
            .ToList();
        string path = System.IO.Path.Combine(pluginDirectory, FileName);
        string temporary = path + ".partial";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", Format);
            json.WriteString("comment", "dumpstack plugins --pin: the SHA-256 of every file of each plugin folder. A plugin whose files differ is not loaded.");
            json.WriteStartArray("plugins");
            foreach (var pin in pins)
            {
                json.WriteStartObject();
                json.WriteString("folder", pin.Folder);
                json.WriteString("name", pin.Name);
                json.WriteString("version", pin.Version);
                json.WriteStartObject("files");
                foreach (var (file, hash) in pin.Files)
                {
                    json.WriteString(file, hash);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
        return new PluginLock(path, pins);
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new PluginLoadException($"{path}: \"{name}\" is missing or not a JSON {kind.ToString().ToLowerInvariant()}.");
}

/// <summary>One plugin folder's pin: the driver it held and the SHA-256 (lowercase hex) of each file, by path relative to
/// the plugin folder with '/' separators.</summary>
internal sealed record PinnedPlugin(string Folder, string Name, string Version, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>How <paramref name="folder"/>'s files differ from this pin, one line per file; empty when they match.</summary>
    /// <exception cref="PluginLoadException">The folder holds a FIFO, socket, device or link (never opened).</exception>
    public IReadOnlyList<string> Differences(string folder)
    {
        var actual = PluginFolderFiles.Hash(folder);
        var differences = new List<string>();
        foreach (var (file, hash) in actual)
        {
            if (!Files.TryGetValue(file, out string? pinned))
            {
                differences.Add($"{Folder}/{file} was added after the plugin was pinned");
            }
            else if (pinned != hash)
            {
                differences.Add($"{Folder}/{file} changed since it was pinned (SHA-256 {hash[..16]}…, pinned {pinned[..16]}…)");
            }
        }

        differences.AddRange(Files.Keys.Where(file => !actual.ContainsKey(file)).Select(file => $"{Folder}/{file} was removed after the plugin was pinned"));
        return differences;
    }
}

/// <summary>The files of one plugin folder and their SHA-256, found without opening anything but regular files.</summary>
internal static class PluginFolderFiles
{
    /// <summary>Every file under <paramref name="folder"/> (relative '/' paths) with its SHA-256 in lowercase hex.</summary>
    /// <exception cref="PluginLoadException">An entry is a FIFO, socket, device or symbolic link, or cannot be read.</exception>
    public static SortedDictionary<string, string> Hash(string folder)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(folder, folder, hashes);
        return hashes;
    }

    private static void Walk(string root, string folder, SortedDictionary<string, string> hashes)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(root, entry).Replace(Path.DirectorySeparatorChar, '/');
            switch (PluginFileKind.Of(entry, followLinks: false))
            {
                case PluginFileKind.Kind.RegularFile:
                    try
                    {
                        using var stream = new FileStream(entry, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                        hashes[relative] = Convert.ToHexStringLower(SHA256.HashData(stream));
                    }
                    catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                    {
                        throw new PluginLoadException($"{Path.GetFileName(root)}/{relative} cannot be read: {error.Message}", error);
                    }

                    break;
                case PluginFileKind.Kind.Directory:
                    Walk(root, entry, hashes);
                    break;
                case PluginFileKind.Kind.Missing:
                    // Removed while listed: the next look sees it gone.
                    break;
                case var other:
                    // A link could change what it points at after the check; a FIFO or device would block or never end.
                    throw new PluginLoadException($"{Path.GetFileName(root)}/{relative} is {PluginFileKind.Describe(other)}; a plugin folder holds only regular files and folders.");
            }
        }
    }
}
