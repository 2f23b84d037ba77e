namespace DumpFramework.Host.Manifest;

/// <summary>Where one setting is written in a manifest: its key and its value.</summary>
internal readonly record struct SettingLocation(SourceLocation Key, SourceLocation Value);
