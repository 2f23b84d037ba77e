using System.Text.RegularExpressions;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// The names a C miniport's source is written with: what makes the C sample the sample (see
/// <see cref="NativeSourceRenamer"/>).
/// </summary>
/// <param name="BaseName">The driver's base name as the manifest's <c>name</c> and the log prefix spell it
/// (<c>lsisas</c>; also the source's file name).</param>
/// <param name="FunctionPrefix">The prefix of the entry points (<c>Lsi</c> in <c>LsiFindAdapter</c>).</param>
/// <param name="MacroPrefix">The prefix of the source's macros and types (<c>LSI</c> in <c>LSI_READ</c>,
/// <c>PLSI_EXTENSION</c>, <c>-DLSI_SCSIPORT</c>).</param>
/// <param name="GuardPrefix">The prefix of the header guards (<c>LSISAS</c> in <c>LSISAS_MPI_H</c>).</param>
internal sealed record NativeNames(string BaseName, string FunctionPrefix, string MacroPrefix, string GuardPrefix)
{
    /// <summary>The C sample's own names.</summary>
    public static NativeNames Sample { get; } = new("lsisas", "Lsi", "LSI", "LSISAS");

    /// <summary>The names of a generated driver: its base name everywhere, upper case for macros and guards
    /// (<c>Raid</c>: <c>RaidFindAdapter</c>, <c>RAID_READ</c>, <c>-DRAID_SCSIPORT</c>).</summary>
    /// <param name="baseName">The driver's base name.</param>
    public static NativeNames For(string baseName) => For(baseName, baseName.ToUpperInvariant());

    /// <summary>The names with an explicit upper-case form (the dotnet new pack's placeholders are not each other's
    /// upper case).</summary>
    public static NativeNames For(string baseName, string upperName) => new(baseName, baseName, upperName, upperName);
}

/// <summary>
/// The rename map that turns the C sample's source into a generated C miniport's: base name, entry point prefix, macro
/// prefix and header guard prefix, each only in the forms the source spells it.
/// </summary>
/// <remarks>
/// One pass (a single alternation), so a replacement is never renamed again. The base name only as a whole word; the
/// entry point prefix only at the start of a longer identifier (<c>LsiStartIo</c>); the macro prefix only before
/// <c>_</c> and an upper-case letter at the start of an identifier, after <c>P</c> or <c>_</c> (the pointer and tag
/// forms of a type) or after <c>-D</c>, and never in <c>LSI_SAS</c>, which names the C# built-in in a remark; the guard
/// prefix only before <c>_</c>.
/// </remarks>
internal static class NativeSourceRenamer
{
    /// <summary>Renames <paramref name="text"/> (source or a file name) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static string Rename(string text, NativeNames from, NativeNames to)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Pattern(from).Replace(text, match =>
            match.Groups["base"].Success ? to.BaseName
            : match.Groups["guard"].Success ? to.GuardPrefix
            : match.Groups["macro"].Success ? match.Groups["pre"].Value + to.MacroPrefix
            : to.FunctionPrefix);
    }

    private static Regex Pattern(NativeNames from) => new(
        $@"(?<base>\b{Regex.Escape(from.BaseName)}\b)"
        + $@"|(?<guard>\b{Regex.Escape(from.GuardPrefix)}(?=_))"
        + $@"|(?<macro>(?<![A-Za-z0-9_])(?<pre>P|_|(?<=-)D)?{Regex.Escape(from.MacroPrefix)}(?=_[A-Z])(?!_SAS\b))"
        + $@"|(?<function>\b{Regex.Escape(from.FunctionPrefix)}(?=[A-Z]))",
        RegexOptions.CultureInvariant);
}
