using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Stack;

/// <summary>
/// How the dump port image was bound: first loaded transiently under its own dump name (<c>dump_diskdump</c>), asked
/// which interface the miniport links against, unloaded, and bound again as <c>dump_</c> + that interface.
/// </summary>
/// <param name="ImageName">The on-disk image base name, e.g. <c>diskdump</c>.</param>
/// <param name="TransientName">The transient module name, e.g. <c>dump_diskdump</c>.</param>
/// <param name="Interface">The port interface bound.</param>
/// <param name="TransientCollected">Whether the transient load context was verified collected.</param>
internal sealed record PortBinding(string ImageName, string TransientName, PortInterface Interface, bool TransientCollected)
{
    /// <summary>The final module name, e.g. <c>dump_storport</c>.</summary>
    public string Alias => DumpContract.CrashDumpPrefix + Interface.ToImageName();
}
