using System.Globalization;
using System.Text;

namespace DumpFramework.Abstractions.Drivers;

/// <summary>What the host tells a plugin when it registers its driver into a stack.</summary>
/// <remarks>The typed accessors read one setting each and throw <see cref="DriverSettingException"/> (naming the
/// driver, the key and the accepted values) for a value they cannot use; the host reports it at the setting's position
/// in the manifest. Read every setting inside <see cref="IDriverPlugin.ConfigureServices"/>, so that
/// <c>dumpstack validate</c> refuses what a dump would.</remarks>
public sealed class DriverConfiguration
{
    /// <summary>Creates a configuration.</summary>
    /// <param name="loadName">The module name the driver is loaded under (e.g. <c>dump_storport</c>).</param>
    /// <param name="settings">The driver's settings from the stack manifest.</param>
    /// <param name="manifestDirectory">The folder of the manifest, for resolving relative paths in settings.</param>
    public DriverConfiguration(string loadName, IReadOnlyDictionary<string, string> settings, string manifestDirectory)
    {
        LoadName = loadName;
        Settings = settings;
        ManifestDirectory = manifestDirectory;
    }

    /// <summary>The module name the driver is loaded under, such as <c>dump_storport</c> or <c>dump_LSI_SAS</c>.</summary>
    public string LoadName { get; }

    /// <summary>Settings from the manifest (keys as written there).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The manifest's folder; relative paths in settings are relative to it.</summary>
    public string ManifestDirectory { get; }

    /// <summary>Resolves a path setting relative to <see cref="ManifestDirectory"/>.</summary>
    /// <param name="path">A path as written in the manifest.</param>
    /// <returns>The absolute path.</returns>
    public string ResolvePath(string path) => Path.GetFullPath(path, ManifestDirectory);

    /// <summary>Reads a whole number setting (decimal, or hexadecimal with <c>0x</c>).</summary>
    /// <param name="key">The setting key.</param>
    /// <param name="defaultValue">The value when the setting is absent.</param>
    /// <param name="minimum">The smallest accepted value.</param>
    /// <param name="maximum">The largest accepted value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="DriverSettingException">The value is not a whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</exception>
    public uint GetUInt32(string key, uint defaultValue, uint minimum = 0, uint maximum = uint.MaxValue)
    {
        if (!TryGetText(key, out string? text))
        {
            return defaultValue;
        }

        string digits = text.Trim();
        bool hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return uint.TryParse(hex ? digits[2..] : digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
            && value >= minimum && value <= maximum
            ? value
            : throw Refuse(key, text, maximum == uint.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"a whole number, {minimum} or more")
                : string.Create(CultureInfo.InvariantCulture, $"a whole number from {minimum} to {maximum}"));
    }

    /// <summary>Reads a size setting as manifests write sizes (<c>4096</c>, <c>1 MiB</c>, <c>1.5 GB</c>; see <see cref="ByteSizeText"/>).</summary>
    /// <param name="key">The setting key.</param>
    /// <param name="defaultValue">The value when the setting is absent.</param>
    /// <param name="multipleOf">The value must be a multiple of this (e.g. a sector size); 1 for any.</param>
    /// <returns>The size in bytes.</returns>
    /// <exception cref="DriverSettingException">The value is not a size, or not a multiple of <paramref name="multipleOf"/>.</exception>
    public long GetSize(string key, long defaultValue, long multipleOf = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multipleOf, 1);
        if (!TryGetText(key, out string? text))
        {
            return defaultValue;
        }

        const string Units = "bytes, or a number with B, KiB, MiB, GiB, TiB, KB, MB, GB or TB";
        return ByteSizeText.TryParse(text, out long bytes) && bytes % multipleOf == 0
            ? bytes
            : throw Refuse(key, text, multipleOf == 1 ? $"a size ({Units})" : string.Create(CultureInfo.InvariantCulture, $"a size that is a multiple of {multipleOf} bytes ({Units})"));
    }

    /// <summary>Reads a <c>true</c>/<c>false</c> setting.</summary>
    /// <param name="key">The setting key.</param>
    /// <param name="defaultValue">The value when the setting is absent.</param>
    /// <returns>The value.</returns>
    /// <exception cref="DriverSettingException">The value is neither <c>true</c> nor <c>false</c>.</exception>
    public bool GetBoolean(string key, bool defaultValue)
    {
        if (!TryGetText(key, out string? text))
        {
            return defaultValue;
        }

        return bool.TryParse(text.Trim(), out bool value) ? value : throw Refuse(key, text, "true or false");
    }

    /// <summary>Reads a setting naming one member of <typeparamref name="TEnum"/>. Members are written in lowercase
    /// with words joined by '-' (<c>PioMultiple</c> is <c>pio-multiple</c>); '_' and any letter case are accepted too.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <param name="key">The setting key.</param>
    /// <param name="defaultValue">The value when the setting is absent.</param>
    /// <returns>The member.</returns>
    /// <exception cref="DriverSettingException">The value names no member.</exception>
    public TEnum GetEnum<TEnum>(string key, TEnum defaultValue)
        where TEnum : struct, Enum
    {
        if (!TryGetText(key, out string? text))
        {
            return defaultValue;
        }

        string wanted = Normalize(text);
        foreach (var member in Enum.GetValues<TEnum>())
        {
            if (Normalize(member.ToString()) == wanted)
            {
                return member;
            }
        }

        var names = Enum.GetValues<TEnum>().Select(m => ManifestName(m.ToString())).ToList();
        string accepted = names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
        throw Refuse(key, text, accepted);
    }

    /// <summary>Reads a path setting, resolved against <see cref="ManifestDirectory"/>. Whether the file exists is
    /// the driver's to check.</summary>
    /// <param name="key">The setting key.</param>
    /// <returns>The absolute path, or <see langword="null"/> when the setting is absent.</returns>
    /// <exception cref="DriverSettingException">The value is empty or not a valid path.</exception>
    public string? GetPath(string key)
    {
        if (!TryGetText(key, out string? text))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text) || text.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw Refuse(key, text, "a file path (relative to the manifest's folder)");
        }

        return ResolvePath(text.Trim());
    }

    /// <summary>Creates the exception for a setting value this driver cannot use, with the same wording as the
    /// accessors: <c>LOADNAME: setting 'KEY' REASON</c>.</summary>
    /// <param name="key">The setting key.</param>
    /// <param name="reason">What is wrong, e.g. <c>names a 31-byte key; 32 or 64 bytes are needed</c>.</param>
    /// <returns>The exception, to throw.</returns>
    public DriverSettingException SettingError(string key, string reason) => new(LoadName, key, $"{LoadName}: setting '{key}' {reason}.");

    /// <summary>The manifest spelling of an enumeration member: <c>PioMultiple</c> → <c>pio-multiple</c>.</summary>
    private static string ManifestName(string member)
    {
        var name = new StringBuilder(member.Length + 4);
        for (int i = 0; i < member.Length; i++)
        {
            if (i > 0 && char.IsUpper(member[i]))
            {
                name.Append('-');
            }

            name.Append(char.ToLowerInvariant(member[i]));
        }

        return name.ToString();
    }

    private static string Normalize(string text) =>
        string.Concat(text.Trim().Where(c => c is not ('-' or '_'))).ToUpperInvariant();

    private bool TryGetText(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Settings.TryGetValue(key, out text);
    }

    private DriverSettingException Refuse(string key, string text, string accepted) => SettingError(key, $"must be {accepted}, not '{text}'");
}
