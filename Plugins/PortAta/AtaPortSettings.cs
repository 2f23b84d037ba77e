using System.Globalization;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Plugins.PortAta;

/// <summary>The ATA dump port's tunables, read from the driver's manifest settings (all optional).</summary>
internal sealed class AtaPortSettings
{
    /// <summary>Setting key: stall between two polls of the miniport's interrupt routine, in microseconds.</summary>
    public const string PollIntervalKey = "PollIntervalMicroseconds";

    /// <summary>Setting key: stall before resubmitting a request the miniport reported busy, in microseconds.</summary>
    public const string BusyDelayKey = "BusyDelayMicroseconds";

    /// <summary>The module name the port is loaded under (<c>dump_ataport</c>, <c>hiber_ataport</c>).</summary>
    public required string LoadName { get; init; }

    /// <summary>Stall between polls, in microseconds.</summary>
    public uint PollIntervalMicroseconds { get; init; } = 10;

    /// <summary>Stall before the one busy resubmission, in microseconds.</summary>
    public uint BusyDelayMicroseconds { get; init; } = 1000;

    /// <summary>Reads the settings of one stack entry.</summary>
    /// <param name="configuration">The driver's configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">A setting is present but not a valid number.</exception>
    public static AtaPortSettings FromConfiguration(DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new AtaPortSettings
        {
            LoadName = configuration.LoadName,
            PollIntervalMicroseconds = ReadUInt32(configuration, PollIntervalKey, 10, 1),
            BusyDelayMicroseconds = ReadUInt32(configuration, BusyDelayKey, 1000, 0),
        };
    }

    private static uint ReadUInt32(DriverConfiguration configuration, string key, uint fallback, uint minimum)
    {
        if (!configuration.Settings.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) || value < minimum || value > int.MaxValue)
        {
            throw new ArgumentException($"{configuration.LoadName}: setting '{key}' must be a whole number from {minimum} to {int.MaxValue}, not '{text}'.", nameof(configuration));
        }

        return value;
    }
}
