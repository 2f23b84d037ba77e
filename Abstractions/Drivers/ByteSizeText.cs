using System.Globalization;
using System.Text.RegularExpressions;

namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// Parses sizes as manifests write them (<c>4 GiB</c>, <c>512MiB</c>, <c>1.5 GB</c>, <c>1048576</c>) into bytes, so that
/// the host and every plugin read size settings the same way.
/// </summary>
public static partial class ByteSizeText
{
    private static readonly Dictionary<string, long> Units = new(StringComparer.Ordinal)
    {
        [""] = 1,
        ["B"] = 1,
        ["KiB"] = 1L << 10,
        ["MiB"] = 1L << 20,
        ["GiB"] = 1L << 30,
        ["TiB"] = 1L << 40,
        ["KB"] = 1_000,
        ["kB"] = 1_000,
        ["MB"] = 1_000_000,
        ["GB"] = 1_000_000_000,
        ["TB"] = 1_000_000_000_000,
    };

    /// <summary>Parses a size: a number (decimals allowed) and an optional unit B, KiB, MiB, GiB, TiB, KB, MB, GB or TB.</summary>
    /// <param name="text">The text.</param>
    /// <param name="bytes">The size in bytes.</param>
    /// <returns><see langword="false"/> unless the text is a whole, non-negative number of bytes that fits a <see cref="long"/>.</returns>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = text is null ? Match.Empty : SizePattern().Match(text);
        if (!match.Success || !Units.TryGetValue(match.Groups["unit"].Value, out long unit)
            || !decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
        {
            return false;
        }

        decimal value;
        try
        {
            value = number * unit;
        }
        catch (OverflowException)
        {
            return false;
        }

        // A size is a whole number of bytes: "1.5 KiB" is fine, "0.3 B" is not.
        if (value != decimal.Truncate(value) || value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    [GeneratedRegex(@"^\s*(?<number>[0-9]+(\.[0-9]+)?)\s*(?<unit>[A-Za-z]*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
