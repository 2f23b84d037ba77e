using System.Globalization;

namespace DumpFramework.Plugins.FilterFve;

/// <summary>Parses sizes written like the manifest's (<c>1 MiB</c>, <c>512KiB</c>, <c>1.5 GB</c>, <c>1048576</c>)
/// into bytes. A plugin cannot use the host's parser, so it carries its own.</summary>
internal static class ByteSizeText
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

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">A number with an optional unit.</param>
    /// <param name="bytes">The size in bytes.</param>
    /// <returns><see langword="false"/> if the text is not a whole, non-negative number of bytes that fits a long.</returns>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        ReadOnlySpan<char> trimmed = text.AsSpan().Trim();
        int numberEnd = 0;
        while (numberEnd < trimmed.Length && (char.IsAsciiDigit(trimmed[numberEnd]) || trimmed[numberEnd] == '.'))
        {
            numberEnd++;
        }

        ReadOnlySpan<char> number = trimmed[..numberEnd];
        string unit = trimmed[numberEnd..].TrimStart().ToString();
        if (number.IsEmpty || number[0] == '.' || number[^1] == '.' || !Units.TryGetValue(unit, out long scale))
        {
            return false;
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
        {
            return false;
        }

        decimal total;
        try
        {
            total = value * scale;
        }
        catch (OverflowException)
        {
            return false;
        }

        // A size is a whole number of bytes: "1.5 KiB" is fine, "0.3 B" is not.
        if (total != decimal.Truncate(total) || total > long.MaxValue)
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }
}
