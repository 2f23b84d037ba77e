using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Plugins.MiniportAtapi;

/// <summary>The miniport's manifest settings (all optional): the manifest's miniport <c>settings:</c>, declared with the
/// plugin's <see cref="DumpDriverSettingAttribute"/>s.</summary>
/// <remarks>VENDOR: your driver's settings. A value the driver does not know is an error, so that a misspelt value is
/// a manifest error rather than ignored.</remarks>
internal sealed class AtapiSettings
{
    /// <summary>Setting key: <c>pio</c>, <c>pio-multiple</c> or <c>dma</c>.</summary>
    public const string TransferModeKey = "transfer_mode";

    /// <summary>Setting key: <c>true</c> (48-bit commands allowed when the device has them) or <c>false</c>.</summary>
    public const string Lba48Key = "lba48";

    /// <summary>The load name, for messages.</summary>
    public required string LoadName { get; init; }

    /// <summary>The most capable data transfer the miniport may use.</summary>
    public AtapiTransferMode TransferMode { get; init; } = AtapiTransferMode.Dma;

    /// <summary>Whether 48-bit (EXT) commands may be used; <see langword="false"/> limits the disk to 2^28 sectors.</summary>
    public bool Lba48 { get; init; } = true;

    /// <summary>Reads the settings of one stack entry.</summary>
    /// <param name="configuration">The driver's configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="DriverSettingException">A setting has a value the miniport does not know.</exception>
    public static AtapiSettings FromConfiguration(DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new AtapiSettings { LoadName = configuration.LoadName };
        return new AtapiSettings
        {
            LoadName = configuration.LoadName,
            TransferMode = configuration.GetEnum(TransferModeKey, defaults.TransferMode),
            Lba48 = configuration.GetBoolean(Lba48Key, defaults.Lba48),
        };
    }
}
