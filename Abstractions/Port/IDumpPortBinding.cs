namespace DumpFramework.Abstractions.Port;

/// <summary>
/// Registered by a port plugin: tells the host which of the port interfaces the port image serves in this stack.
/// The host asks the transiently loaded <c>dump_diskdump</c> / <c>dump_dumpata</c> image, unloads it, and binds the
/// image again under <c>dump_</c> + the returned interface.
/// </summary>
public interface IDumpPortBinding
{
    /// <summary>Picks the interface to bind as for a miniport that links against <paramref name="miniportLinks"/>.</summary>
    /// <param name="miniportLinks">The port interface the miniport imports.</param>
    /// <returns>The interface to bind as, or <see langword="null"/> if this port does not export it.</returns>
    Drivers.PortInterface? SelectBinding(Drivers.PortInterface miniportLinks);
}
