using System.Text.RegularExpressions;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// The rename map that turns a built-in driver's source into a generated driver's: namespace, DriverEntry type, image
/// base name and type prefix, each in the forms a driver's source spells them and nowhere else.
/// </summary>
/// <remarks>
/// One pass over the text (a single alternation), so a replacement is never renamed again. What is replaced:
/// <list type="bullet">
/// <item>the namespace, as a whole dotted name;</item>
/// <item>the DriverEntry type, as a whole word;</item>
/// <item>the base name only as <c>dump_X</c>, <c>X.sys</c> and the string <c>"X"</c>: elsewhere the same letters name
/// something else (the NT DDK's <c>atapi</c> sample);</item>
/// <item>the type prefix only at the start of a longer identifier (<c>AtapiDeviceKind</c>, not the ATAPI member
/// <c>AtapiDeviceKind.Atapi</c>), in file names too.</item>
/// </list>
/// </remarks>
internal static class DriverSourceRenamer
{
    /// <summary>Renames <paramref name="text"/> (source or a file name) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static string Rename(string text, DriverNames from, DriverNames to)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Pattern(from).Replace(text, match =>
            match.Groups["namespace"].Success ? to.Namespace
            : match.Groups["plugin"].Success ? to.PluginType
            : match.Groups["base"].Success ? to.BaseName
            : to.TypePrefix);
    }

    private static Regex Pattern(DriverNames from)
    {
        string baseName = Regex.Escape(from.BaseName);
        return new Regex(
            $@"(?<namespace>(?<![\w.]){Regex.Escape(from.Namespace)}(?![\w]))"
            + $@"|(?<plugin>\b{Regex.Escape(from.PluginType)}\b)"
            + $@"|(?<base>(?<=\bdump_){baseName}\b|\b{baseName}(?=\.sys\b)|(?<=""){baseName}(?=""))"
            + $@"|(?<prefix>\b{Regex.Escape(from.TypePrefix)}(?=[A-Z]))",
            RegexOptions.CultureInvariant);
    }
}
