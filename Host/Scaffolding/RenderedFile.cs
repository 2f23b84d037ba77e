namespace DumpFramework.Host.Scaffolding;

/// <summary>One generated file: its path relative to the output folder ('/' separators) and its content.</summary>
/// <param name="Path">Relative path.</param>
/// <param name="Content">File content.</param>
internal sealed record RenderedFile(string Path, string Content);
