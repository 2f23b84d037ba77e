namespace DumpFramework.Host.Plugins;

/// <summary>
/// The plugins of one folder (<c>&lt;folder&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>), known from their metadata only: opening a
/// catalog runs no plugin code. A plugin is loaded only when a stack names it, through <see cref="Load"/>, after its
/// files were checked against the folder's <c>plugins.lock</c>. A folder that cannot be read, or two folders claiming
/// one base name, are recorded as <see cref="Problems"/>: they fail a stack that names them and nothing else.
/// </summary>
internal sealed class PluginCatalog
{
    private readonly Dictionary<string, DriverDescriptor> _byName;
    private readonly Dictionary<string, List<string>> _claimedTwice;
    private readonly List<PluginProblem> _unreadable;
    private readonly Action<string>? _warn;

    private PluginCatalog(string directory, bool allowUnpinned, PluginLock? pins, List<DriverDescriptor> plugins, List<PluginProblem> problems, Action<string>? warn)
    {
        Directory = directory;
        AllowUnpinned = allowUnpinned;
        Lock = pins;
        _warn = warn;
        _unreadable = [.. problems];
        _claimedTwice = plugins
            .GroupBy(p => p.BaseName, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Folder).ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, folders) in _claimedTwice)
        {
            problems.Add(new PluginProblem(folders[0], ClaimedTwice(name, folders)));
        }

        Plugins = [.. plugins.Where(p => !_claimedTwice.ContainsKey(p.BaseName))];
        _byName = Plugins.ToDictionary(p => p.BaseName, StringComparer.OrdinalIgnoreCase);
        Problems = problems;
    }

    /// <summary>The folder the plugins were found in.</summary>
    public string Directory { get; }

    /// <summary>Whether a plugin the lock does not pin (or any plugin, without a lock) may be loaded.</summary>
    public bool AllowUnpinned { get; }

    /// <summary>The folder's <c>plugins.lock</c>, if it has one.</summary>
    public PluginLock? Lock { get; }

    /// <summary>Every plugin whose identity was read, except names claimed twice.</summary>
    public IReadOnlyList<DriverDescriptor> Plugins { get; }

    /// <summary>Plugin folders that cannot be used, with the reason.</summary>
    public IReadOnlyList<PluginProblem> Problems { get; }

    /// <summary>The default plugin folder: <c>DUMPSTACK_PLUGINS</c> when set, else <c>plugins/</c> beside the host.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("DUMPSTACK_PLUGINS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Reads the identity of every plugin in <paramref name="directory"/> from metadata, and its lock.</summary>
    /// <param name="directory">The plugin folder.</param>
    /// <param name="allowUnpinned">Whether plugins the lock does not pin may be loaded (with a warning).</param>
    /// <param name="warn">Where warnings go (an unpinned plugin loaded).</param>
    /// <param name="readLock">Whether to read the folder's lock; <see langword="false"/> only to write a new one, so that
    /// a damaged lock can be replaced.</param>
    /// <exception cref="PluginLoadException">The folder does not exist, or its lock cannot be read.</exception>
    public static PluginCatalog Open(string directory, bool allowUnpinned = false, Action<string>? warn = null, bool readLock = true)
    {
        if (PluginFileKind.Of(directory) != PluginFileKind.Kind.Directory)
        {
            throw new PluginLoadException($"plugin folder {directory} does not exist (build the solution, or set --plugins / DUMPSTACK_PLUGINS)");
        }

        var pins = readLock ? PluginLock.ReadFrom(directory) : null;
        var plugins = new List<DriverDescriptor>();
        var problems = new List<PluginProblem>();
        foreach (string folder in System.IO.Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            string assembly = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
            var kind = PluginFileKind.Of(assembly);
            if (kind == PluginFileKind.Kind.Missing)
            {
                // Not a plugin folder at all (no <Name>/<Name>.dll).
                continue;
            }

            try
            {
                var metadata = PluginMetadata.Read(assembly);
                ContractCompatibility.CheckReferencedContract(metadata.ContractReference, assembly);
                ContractCompatibility.CheckIdentity(metadata.Identity, assembly);
                plugins.Add(DriverDescriptor.From(metadata.Identity, assembly));
            }
            catch (PluginLoadException error)
            {
                problems.Add(new PluginProblem(folder, error.Message));
            }
        }

        return new PluginCatalog(directory, allowUnpinned, pins, plugins, problems, warn);
    }

    /// <summary>The plugin declaring <paramref name="baseName"/>, or <see langword="null"/> when none does.</summary>
    /// <exception cref="PluginLoadException">Two plugin folders declare it, or none does while a folder the lock pins
    /// under that name (or, without such a pin, any plugin folder) cannot be read: the named plugin cannot be loaded.</exception>
    public DriverDescriptor? Find(string baseName)
    {
        if (_claimedTwice.TryGetValue(baseName, out var folders))
        {
            throw new PluginLoadException(ClaimedTwice(baseName, folders));
        }

        if (_byName.TryGetValue(baseName, out var plugin))
        {
            return plugin;
        }

        var pinned = Lock?.Plugins.FirstOrDefault(p => string.Equals(p.Name, baseName, StringComparison.OrdinalIgnoreCase));
        var broken = pinned is null
            ? _unreadable
            : _unreadable.Where(p => string.Equals(Path.GetFileName(p.Folder), pinned.Folder, StringComparison.Ordinal)).ToList();
        if (broken.Count > 0)
        {
            string which = pinned is null ? "no plugin declares it, and these plugin folders cannot be read" : $"its folder {pinned.Folder} (pinned in {PluginLock.FileName}) cannot be used";
            throw new PluginLoadException($"{baseName}: {which}: {string.Join("; ", broken.Select(p => p.Message))}");
        }

        return null;
    }

    /// <summary>How <paramref name="plugin"/>'s files stand against the lock: pinned and matching, unpinned, or changed.</summary>
    /// <exception cref="PluginLoadException">The folder holds a FIFO, socket, device or link.</exception>
    public PluginIntegrity Check(DriverDescriptor plugin)
    {
        string folder = Path.GetFileName(plugin.Folder);
        if (Lock is null)
        {
            // Still walk the folder: a FIFO or device in it must be refused before the loader opens it.
            PluginFolderFiles.Hash(plugin.Folder);
            return new PluginIntegrity(PluginIntegrityState.Unpinned, $"{Directory} has no {PluginLock.FileName}");
        }

        var pin = Lock.Find(folder);
        if (pin is null)
        {
            PluginFolderFiles.Hash(plugin.Folder);
            return new PluginIntegrity(PluginIntegrityState.Unpinned, $"{folder} is not in {Lock.Path}");
        }

        var differences = pin.Differences(plugin.Folder);
        return differences.Count > 0
            ? new PluginIntegrity(PluginIntegrityState.Changed, string.Join("; ", differences))
            : new PluginIntegrity(PluginIntegrityState.Pinned, $"pinned in {Lock.Path}");
    }

    /// <summary>Checks <paramref name="plugin"/>'s files against the lock and only then loads it; the caller owns the load.</summary>
    /// <param name="plugin">A plugin of this catalog.</param>
    /// <param name="loadName">The module name of this load; <see langword="null"/> for <c>dump_</c>+base name.</param>
    /// <exception cref="PluginLoadException">The plugin's files differ from its pin, it is not pinned and unpinned
    /// plugins are not allowed, or it cannot be loaded.</exception>
    /// <param name="collectible">Whether the plugin's context can be unloaded (see <see cref="LoadedPlugin.Load(DriverDescriptor, string?, bool)"/>).</param>
    public LoadedPlugin Load(DriverDescriptor plugin, string? loadName = null, bool collectible = true)
    {
        Verify(plugin);
        return LoadedPlugin.Load(plugin, loadName, collectible);
    }

    /// <summary>Refuses <paramref name="plugin"/> unless its files match its pin (or it is unpinned and that is allowed).</summary>
    /// <exception cref="PluginLoadException">The plugin's files differ from its pin, or it is not pinned and unpinned
    /// plugins are not allowed.</exception>
    public void Verify(DriverDescriptor plugin)
    {
        var integrity = Check(plugin);
        string folder = Path.GetFileName(plugin.Folder);
        switch (integrity.State)
        {
            case PluginIntegrityState.Changed:
                throw new PluginLoadException(
                    $"{plugin.DumpName} in {plugin.Folder} refused, none of its code was run: {integrity.Detail}. " +
                    $"If the change is yours, pin the folder again: dumpstack plugins --pin --plugins {Directory}");
            case PluginIntegrityState.Unpinned when !AllowUnpinned:
                throw new PluginLoadException(
                    $"{plugin.DumpName} in {plugin.Folder} refused, none of its code was run: it is not pinned ({integrity.Detail}). " +
                    $"Pin the folder after checking it (dumpstack plugins --pin --plugins {Directory}), or pass --allow-unpinned.");
            case PluginIntegrityState.Unpinned:
                _warn?.Invoke($"warning: loading unpinned plugin {plugin.DumpName} from {folder} (--allow-unpinned): {integrity.Detail}");
                break;
        }
    }

    /// <summary>The integrity rule for a native miniport library: its SHA-256 must equal the manifest's <c>sha256</c>
    /// pin; a library without a pin loads only with --allow-unpinned (with a warning), as an unpinned plugin.</summary>
    /// <param name="spec">The manifest's native miniport entry.</param>
    /// <param name="dumpName">The miniport's dump_ name, for messages.</param>
    /// <returns>The library's SHA-256 (lowercase hex).</returns>
    /// <exception cref="PluginLoadException">The library is missing, not a regular file, differs from its pin, or is
    /// unpinned while unpinned code is not allowed.</exception>
    public string VerifyNative(Manifest.NativeMiniportSpec spec, string dumpName)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (PluginFileKind.Of(spec.LibraryPath) == PluginFileKind.Kind.Missing)
        {
            throw new PluginLoadException($"{spec.LibraryLocation}: {dumpName}: the native miniport {spec.LibraryPath} does not exist (build it: cmake --build, or dotnet build for the samples)");
        }

        PluginFileKind.RequireRegularFile(spec.LibraryPath);
        string hash;
        try
        {
            using var stream = new FileStream(spec.LibraryPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PluginLoadException($"{dumpName}: {spec.LibraryPath} cannot be read: {error.Message}", error);
        }

        if (spec.Sha256 is { } pinned && pinned != hash)
        {
            throw new PluginLoadException(
                $"{dumpName} ({spec.LibraryPath}) refused, none of its code was run: its SHA-256 is {hash}, the manifest pins {pinned}. " +
                "If the change is yours, put the new hash in the miniport's 'sha256'.");
        }

        if (spec.Sha256 is null)
        {
            if (!AllowUnpinned)
            {
                throw new PluginLoadException(
                    $"{dumpName} ({spec.LibraryPath}) refused, none of its code was run: it is not pinned. " +
                    $"After checking it, pin it with 'sha256: {hash}' in the manifest's miniport entry, or pass --allow-unpinned.");
            }

            _warn?.Invoke($"warning: loading unpinned native miniport {dumpName} from {spec.LibraryPath} (--allow-unpinned): SHA-256 {hash}");
        }

        return hash;
    }

    private static string ClaimedTwice(string baseName, IEnumerable<string> folders) =>
        $"more than one plugin declares '{baseName}': {string.Join(" and ", folders)}; a driver name has one image, remove all but one";
}

/// <summary>A plugin folder that cannot be used, and why.</summary>
internal sealed record PluginProblem(string Folder, string Message);

/// <summary>Where a plugin's files stand against the plugin folder's lock.</summary>
internal enum PluginIntegrityState
{
    /// <summary>Pinned, every file as pinned.</summary>
    Pinned,

    /// <summary>No pin: the folder has no lock, or the lock does not list this plugin.</summary>
    Unpinned,

    /// <summary>Pinned, and a file changed, was added or was removed since.</summary>
    Changed,
}

/// <summary>A plugin's integrity state with its detail (the lock, or the files that differ).</summary>
internal sealed record PluginIntegrity(PluginIntegrityState State, string Detail);
