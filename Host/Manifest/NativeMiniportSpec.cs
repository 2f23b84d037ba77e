using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Manifest;

/// <summary>
/// A native (C) miniport named in the manifest: <c>miniport: {native: lib/libcontoso.so, name: contoso, links: storport}</c>,
/// with optional <c>sha256</c> (the library's pin; without it the library is unpinned and needs --allow-unpinned) and
/// <c>watchdog</c> (seconds a miniport routine may run before its worker is ended).
/// </summary>
/// <param name="LibraryPath">The shared object, resolved against the manifest's folder.</param>
/// <param name="Links">The port interface it imports (scsiport or storport).</param>
/// <param name="Sha256">Its pinned SHA-256 (lowercase hex), if the manifest pins it.</param>
/// <param name="WallLimit">How long one miniport routine may take in real time.</param>
/// <param name="LibraryLocation">Where <c>native</c> is written.</param>
internal sealed record NativeMiniportSpec(string LibraryPath, PortInterface Links, string? Sha256, TimeSpan WallLimit, SourceLocation LibraryLocation)
{
    /// <summary>The default <c>watchdog</c>, in seconds.</summary>
    public const int DefaultWatchdogSeconds = 10;

    /// <summary>Stall time one routine may ask for before it is deemed hung: far above any reset or handshake
    /// timeout a dump miniport waits out (the LSI sample's is 30 s).</summary>
    public ulong StallLimitMicroseconds { get; init; } = 300_000_000;
}
