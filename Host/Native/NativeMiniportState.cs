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

    /// <summary>The first routine the miniport called that dump mode refuses (<c>StorPortAllocatePool: ...</c>).</summary>
    public string? FirstRefusal { get; set; }

    /// <summary>The dump's failure as the native miniport explains it: its crash or hang, else the port's message with
    /// the refused call that likely caused it.</summary>
    public string Explain(string failure) =>
        Crash ?? (FirstRefusal is { } refused ? $"{failure} (after {LoadName} called {refused})" : failure);
}
