namespace DumpFramework.Host.Manifest;

/// <summary>A driver named in a manifest (port, miniport or filter) with its settings.</summary>
internal sealed record DriverReference(string BaseName, IReadOnlyDictionary<string, string> Settings, SourceLocation Location);
