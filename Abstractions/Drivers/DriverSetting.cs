namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// A setting a driver accepts under its manifest entry's <c>settings:</c>. A driver declares each one with a
/// <see cref="DumpDriverSettingAttribute"/>; they make <see cref="DriverIdentity.Settings"/>. The host refuses any other
/// key before the driver is loaded, and listings show the declarations. Like a driver's documented registry
/// parameters, but checked.
/// </summary>
public sealed class DriverSetting
{
    /// <summary>Declares a setting.</summary>
    /// <param name="key">The key as written in a manifest (snake_case, like the rest of the manifest).</param>
    /// <param name="description">What the setting does.</param>
    /// <exception cref="ArgumentException">The key is empty or holds characters other than lowercase letters, digits and '_'.</exception>
    public DriverSetting(string key, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(description);
        if (!key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') || !char.IsAsciiLetterLower(key[0]))
        {
            throw new ArgumentException($"'{key}' is not a setting key: lowercase letters, digits and '_', starting with a letter.", nameof(key));
        }

        Key = key;
        Description = description;
    }

    /// <summary>The key as written in a manifest.</summary>
    public string Key { get; }

    /// <summary>What the setting does.</summary>
    public string Description { get; }

    /// <summary>The values accepted and what they mean, e.g. <c>pio | pio-multiple | dma</c> or <c>microseconds, 1 or
    /// more</c>. Empty when the description says it all.</summary>
    public string Values { get; init; } = string.Empty;

    /// <summary>The value in force when the manifest does not give the setting, as text; <see langword="null"/> when
    /// the setting is required or its default is not stated.</summary>
    public string? Default { get; init; }

    /// <summary>Whether the driver refuses to be configured without this setting.</summary>
    public bool Required { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Key;
}
