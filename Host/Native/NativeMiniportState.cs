using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Native;

/// <summary>A native miniport of one stack: its manifest entry, load name and, once its worker failed, the report
/// that becomes the dump's failure.</summary>
internal sealed class NativeMiniportState(string loadName, NativeMiniportSpec spec, string sha256)
{
    public string LoadName { get; } = loadName;

    public NativeMiniportSpec Spec { get; } = spec;

    /// <summary>The library's SHA-256 as checked before it was loaded.</summary>
    public string Sha256 { get; } = sha256;

    /// <summary>Why the worker is gone (<c>dump_x crashed: ...</c>), or <see langword="null"/>.</summary>
    public string? Crash { get; set; }
}
