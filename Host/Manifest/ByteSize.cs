using System.Globalization;
using System.Text.RegularExpressions;

namespace DumpFramework.Host.Manifest;

/// <summary>Parses sizes such as <c>4 GiB</c>, <c>512MiB</c>, <c>1.5 GB</c> or <c>1048576</c> into bytes.</summary>
internal static partial class ByteSize
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

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text);
        if (!match.Success || !Units.TryGetValue(match.Groups["unit"].Value, out long unit))
        {
            return false;
        }

        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
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

    public static string Format(long bytes)
    {
        string[] names = ["B", "KiB", "MiB", "GiB", "TiB"];
        int index = 0;
        decimal value = bytes;
        while (index < names.Length - 1 && value >= 1024 && value % 1024 == 0)
        {
            value /= 1024;
            index++;
        }

        return index == 0 && bytes >= 1024
            ? FormatApproximate(bytes)
            : string.Create(CultureInfo.InvariantCulture, $"{value} {names[index]}");
    }

    private static string FormatApproximate(long bytes)
    {
        string[] names = ["KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int index = -1;
        while (index < names.Length - 1 && value >= 1024)
        {
            value /= 1024;
            index++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {names[index]}");
    }

    [GeneratedRegex(@"^\s*(?<number>[0-9]+(\.[0-9]+)?)\s*(?<unit>[A-Za-z]*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
