namespace DumpFramework.Host.Scaffolding;

/// <summary>One Scriban template: its path below the template root (itself a template, ending in <c>.sbn</c>) and text.</summary>
/// <param name="Path">Path with '/' separators, e.g. <c>miniport/srb/src/{{project_name}}/{{base_name}}Plugin.cs.sbn</c>.</param>
/// <param name="Text">The template text.</param>
internal sealed record TemplateFile(string Path, string Text);
