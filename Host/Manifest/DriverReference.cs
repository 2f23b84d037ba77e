namespace DumpFramework.Host.Manifest;

/// <summary>A driver named in a manifest (port, miniport or filter) with its settings.</summary>
internal sealed record DriverReference(string BaseName, IReadOnlyDictionary<string, string> Settings, SourceLocation Location)
{
    /// <summary>Where each setting's key and value are written; empty when the driver is named without settings.</summary>
    public IReadOnlyDictionary<string, SettingLocation> SettingLocations { get; init; } = new Dictionary<string, SettingLocation>();

    /// <summary>For a native (C) miniport, its library and link; <see langword="null"/> for a plugin.</summary>
    public NativeMiniportSpec? Native { get; init; }

    /// <summary>Where the setting <paramref name="key"/> is written, or where the driver is named.</summary>
    public SourceLocation LocateKey(string key) => SettingLocations.TryGetValue(key, out var at) ? at.Key : Location;

    /// <summary>Where the value of setting <paramref name="key"/> is written, or where the driver is named.</summary>
    public SourceLocation LocateValue(string key) => SettingLocations.TryGetValue(key, out var at) ? at.Value : Location;
}
