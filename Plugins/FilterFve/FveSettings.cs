namespace DumpFramework.Plugins.FilterFve;

/// <summary>The filter's manifest settings, unvalidated: they are checked when the stack initializes the filter.</summary>
/// <param name="KeyFilePath">Absolute path of the key file, or <see langword="null"/> when the setting is missing.</param>
/// <param name="VolumeOffset">The <c>volume_offset</c> text, or <see langword="null"/> for the default 0.</param>
internal sealed record FveSettings(string? KeyFilePath, string? VolumeOffset);
