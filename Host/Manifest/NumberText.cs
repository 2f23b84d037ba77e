using System.Globalization;

namespace DumpFramework.Host.Manifest;

/// <summary>Numbers as manifests and the command line write them: decimal, or 0x-prefixed hex (kernel addresses are written in hex).</summary>
internal static class NumberText
{
    /// <summary>Parses a decimal or <c>0x</c> hex number.</summary>
    /// <returns><see langword="false"/> unless the whole text is such a number and fits a <see cref="ulong"/>.</returns>
    public static bool TryParseUInt64(string text, out ulong value)
    {
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return ulong.TryParse(hex ? text[2..] : text, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
