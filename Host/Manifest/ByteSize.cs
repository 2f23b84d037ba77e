using System.Globalization;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Manifest;

/// <summary>Sizes in manifests and on the command line: parsing (shared with plugins) and display.</summary>
internal static class ByteSize
{
    public static bool TryParse(string text, out long bytes) => ByteSizeText.TryParse(text, out bytes);

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
}
