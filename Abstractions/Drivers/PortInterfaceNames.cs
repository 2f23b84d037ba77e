namespace DumpFramework.Abstractions.Drivers;

/// <summary>Conversions between <see cref="PortInterface"/> values and their Windows image names.</summary>
public static class PortInterfaceNames
{
    /// <summary>The image base name of the port library (<c>scsiport</c>, <c>storport</c>, <c>ataport</c>).</summary>
    /// <param name="portInterface">The port interface.</param>
    /// <returns>The lower-case base name, without the <c>.sys</c> extension.</returns>
    public static string ToImageName(this PortInterface portInterface) => portInterface switch
    {
        PortInterface.ScsiPort => "scsiport",
        PortInterface.StorPort => "storport",
        PortInterface.AtaPort => "ataport",
        _ => throw new ArgumentOutOfRangeException(nameof(portInterface), portInterface, "Unknown port interface."),
    };

    /// <summary>Parses an image base name (<c>scsiport</c>, <c>storport</c>, <c>ataport</c>; case-insensitive).</summary>
    /// <param name="name">The name to parse.</param>
    /// <param name="portInterface">The parsed interface.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> names a port interface.</returns>
    public static bool TryParse(string? name, out PortInterface portInterface)
    {
        foreach (PortInterface candidate in Enum.GetValues<PortInterface>())
        {
            if (string.Equals(candidate.ToImageName(), name, StringComparison.OrdinalIgnoreCase))
            {
                portInterface = candidate;
                return true;
            }
        }

        portInterface = default;
        return false;
    }
}
