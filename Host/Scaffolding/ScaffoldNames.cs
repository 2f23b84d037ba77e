using System.Text.RegularExpressions;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// The rules for the names <c>dumpstack new</c> takes. The vendor and the driver name become the project name
/// <c>Vendor.Name</c> (assembly, plugin folder and namespace), type names (<c>NamePlugin</c>) and the driver's image base
/// name (<c>dump_Name</c>), so each must be a plain C# identifier and the name also a Windows driver base name that no
/// built-in driver or port interface uses.
/// </summary>
internal static partial class ScaffoldNames
{
    /// <summary>Base names of the built-in drivers and the port interfaces (compared ignoring case, as Windows does).</summary>
    public static IReadOnlyList<string> Reserved { get; } =
        ["diskdump", "dumpata", "atapi", "LSI_SAS", "vmscsi", "pvscsi", "dumpfve", .. Enum.GetValues<PortInterface>().Select(p => p.ToImageName())];

    // C# reserved keywords: not usable as plain identifiers.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override", "params",
        "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof",
        "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong",
        "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Checks the vendor and driver names.</summary>
    /// <param name="vendor">The vendor (first part of the project name and namespace).</param>
    /// <param name="name">The driver's base name.</param>
    /// <exception cref="ScaffoldException">A name breaks a rule; the message says which and why.</exception>
    public static void Validate(string? vendor, string? name)
    {
        var errors = new List<string>();
        if (!IsIdentifier(vendor))
        {
            errors.Add($"--vendor '{vendor}' is not a C# identifier: letters, digits and '_', starting with a letter or '_', and not a C# keyword (e.g. Contoso)");
        }

        if (!IsIdentifier(name))
        {
            errors.Add($"--name '{name}' is not a C# identifier: letters, digits and '_', starting with a letter, and not a C# keyword (e.g. ContosoRaid)");
        }
        else if (!DriverIdentity.IsValidBaseName(name))
        {
            errors.Add($"--name '{name}' is not a Windows driver base name: 1 to {DumpContract.MaximumBaseNameLength} characters, letters, digits and '_', starting with a letter (it becomes {name}.sys, loaded as dump_{name})");
        }
        else if (Reserved.FirstOrDefault(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)) is { } builtIn)
        {
            errors.Add($"--name '{name}' clashes with the built-in '{builtIn}' (taken: {string.Join(", ", Reserved)})");
        }

        if (errors.Count > 0)
        {
            throw new ScaffoldException(string.Join(Environment.NewLine, errors));
        }
    }

    /// <summary>Whether <paramref name="text"/> is an ASCII C# identifier that is not a keyword.</summary>
    public static bool IsIdentifier(string? text) =>
        text is not null && IdentifierPattern().IsMatch(text) && !Keywords.Contains(text);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
