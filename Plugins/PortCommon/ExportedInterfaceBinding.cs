using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>Binds the port image as whichever exported interface the miniport links against.</summary>
internal sealed class ExportedInterfaceBinding(IReadOnlyList<PortInterface> exports) : IDumpPortBinding
{
    public PortInterface? SelectBinding(PortInterface miniportLinks) => exports.Contains(miniportLinks) ? miniportLinks : null;
}
