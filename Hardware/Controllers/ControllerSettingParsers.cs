using System.Globalization;

namespace DumpFramework.Hardware.Controllers;

/// <summary>The value parsers controller settings share.</summary>
internal static class ControllerSettingParsers
{
    /// <summary>A time in microseconds: a whole number, 0 or more.</summary>
    public static bool Microseconds(string text, out int microseconds) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out microseconds) && microseconds >= 0;

    /// <summary>A time in microseconds, 0 or more, where absence means another setting's value.</summary>
    public static bool OptionalMicroseconds(string text, out int? microseconds) => OptionalCount(text, out microseconds);

    /// <summary>A whole number, 0 or more, where absence means off.</summary>
    public static bool OptionalCount(string text, out int? count)
    {
        bool valid = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0;
        count = valid ? value : null;
        return valid;
    }

    /// <summary>A comma-separated list of sector numbers (LBAs), spaces allowed around each.</summary>
    public static bool SectorList(string text, out IReadOnlySet<long>? sectors)
    {
        var list = new HashSet<long>();
        sectors = null;
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out long lba) || lba < 0)
            {
                return false;
            }

            list.Add(lba);
        }

        sectors = list;
        return true;
    }
}
