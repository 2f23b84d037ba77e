namespace DumpFramework.Abstractions.Drivers;

/// <summary>
/// Declares one setting the assembly's driver accepts under its manifest entry's <c>settings:</c>; one attribute per
/// setting, beside the assembly's <see cref="DumpDriverAttribute"/>. The host reads the declarations from metadata
/// and refuses any other key (at its line and column in the manifest) before the driver is loaded; listings show
/// them in declaration order. Every value must be a constant.
/// <code>
/// [assembly: DumpDriverSetting("transfer_mode", "The most capable data transfer.", Values = "pio | dma", Default = "dma")]
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class DumpDriverSettingAttribute : Attribute
{
    /// <summary>Declares a setting.</summary>
    /// <param name="key">The key as written in a manifest: lowercase letters, digits and '_', starting with a letter.</param>
    /// <param name="description">What the setting does.</param>
    public DumpDriverSettingAttribute(string key, string description)
    {
        Key = key;
        Description = description;
    }

    /// <summary>The key as written in a manifest.</summary>
    public string Key { get; }

    /// <summary>What the setting does.</summary>
    public string Description { get; }

    /// <summary>The values accepted and what they mean; empty when the description says it all.</summary>
    public string Values { get; set; } = string.Empty;

    /// <summary>The value in force when the manifest does not give the setting, as text; <see langword="null"/> when the
    /// setting is required or its default is not stated.</summary>
    public string? Default { get; set; }

    /// <summary>Whether the driver refuses to be configured without this setting.</summary>
    public bool Required { get; set; }
}
