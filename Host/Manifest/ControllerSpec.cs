namespace DumpFramework.Host.Manifest;

/// <summary>The emulated controller model and its settings.</summary>
internal sealed record ControllerSpec(string Model, IReadOnlyDictionary<string, string> Settings, SourceLocation Location);
