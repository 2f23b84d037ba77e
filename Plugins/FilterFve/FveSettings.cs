namespace DumpFramework.Plugins.FilterFve;

/// <summary>The filter's manifest settings, checked when the stack was configured.</summary>
/// <param name="KeyFilePath">Absolute path of the key file (read again at initialization).</param>
/// <param name="VolumeOffset">The encrypted volume's byte offset on the disk, a multiple of the sector size.</param>
internal sealed record FveSettings(string KeyFilePath, long VolumeOffset);
