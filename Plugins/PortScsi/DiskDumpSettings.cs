using System.Globalization;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Plugins.PortScsi;

/// <summary>The dump port's tunables, read from the driver's manifest settings (all optional).</summary>
internal sealed class DiskDumpSettings
{
    /// <summary>Setting key: stall between two polls of the miniport's interrupt routine, in microseconds.</summary>
    public const string PollIntervalKey = "PollIntervalMicroseconds";

    /// <summary>Setting key: retries of a request after UNIT ATTENTION, NOT READY (becoming ready), ABORTED COMMAND or a bus reset.</summary>
    public const string RetryLimitKey = "RetryLimit";

    /// <summary>Setting key: resubmissions of a request the miniport or the device reported busy.</summary>
    public const string BusyResubmitLimitKey = "BusyResubmitLimit";

    /// <summary>Setting key: stall before resubmitting a busy request, in microseconds.</summary>
    public const string BusyDelayKey = "BusyDelayMicroseconds";

    /// <summary>Setting key: stall before retrying after NOT READY 04/01 (becoming ready), in microseconds.</summary>
    public const string NotReadyDelayKey = "NotReadyDelayMicroseconds";

    /// <summary>The module name the port is loaded under (<c>dump_storport</c>, <c>dump_scsiport</c>, <c>hiber_…</c>).</summary>
    public required string LoadName { get; init; }

    /// <summary>The port interface this image is bound as; decides whether NextRequest is awaited and SHUTDOWN is sent.</summary>
    public PortInterface Binding { get; init; } = PortInterface.StorPort;

    /// <summary>Stall between polls, in microseconds (Linux diskdump polls every 100 µs; we default to 10 µs).</summary>
    public uint PollIntervalMicroseconds { get; init; } = 10;

    /// <summary>Retries after retryable sense or a bus reset (Linux diskdump: 5).</summary>
    public int RetryLimit { get; init; } = 5;

    /// <summary>Busy resubmissions before the request fails.</summary>
    public int BusyResubmitLimit { get; init; } = 1000;

    /// <summary>Stall before a busy resubmission, in microseconds.</summary>
    public uint BusyDelayMicroseconds { get; init; } = 1000;

    /// <summary>Stall before retrying a unit that is becoming ready, in microseconds.</summary>
    public uint NotReadyDelayMicroseconds { get; init; } = 500_000;

    /// <summary>Reads the settings of one stack entry.</summary>
    /// <param name="configuration">The driver's configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">A setting is unknown, or present but not a valid number.</exception>
    public static DiskDumpSettings FromConfiguration(DriverConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.Settings;
        string loadName = configuration.LoadName;
        string[] known = [PollIntervalKey, RetryLimitKey, BusyResubmitLimitKey, BusyDelayKey, NotReadyDelayKey];
        foreach (string key in settings.Keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                // A misspelt setting must not silently fall back to its default.
                throw new ArgumentException($"{loadName}: unknown setting '{key}'; known settings: {string.Join(", ", known)}.", nameof(configuration));
            }
        }

        return new DiskDumpSettings
        {
            LoadName = loadName,
            Binding = BindingFromLoadName(loadName),
            PollIntervalMicroseconds = ReadUInt32(settings, loadName, PollIntervalKey, 10, 1),
            RetryLimit = (int)ReadUInt32(settings, loadName, RetryLimitKey, 5, 0),
            BusyResubmitLimit = (int)ReadUInt32(settings, loadName, BusyResubmitLimitKey, 1000, 0),
            BusyDelayMicroseconds = ReadUInt32(settings, loadName, BusyDelayKey, 1000, 0),
            NotReadyDelayMicroseconds = ReadUInt32(settings, loadName, NotReadyDelayKey, 500_000, 0),
        };
    }

    /// <summary>The interface named by the load name's suffix (<c>dump_scsiport</c> → scsiport); storport otherwise,
    /// because its completion rules (NextRequest optional) are the more permissive ones.</summary>
    private static PortInterface BindingFromLoadName(string loadName)
    {
        int separator = loadName.IndexOf('_', StringComparison.Ordinal);
        string suffix = separator >= 0 ? loadName[(separator + 1)..] : loadName;
        return PortInterfaceNames.TryParse(suffix, out var binding) && binding != PortInterface.AtaPort ? binding : PortInterface.StorPort;
    }

    private static uint ReadUInt32(IReadOnlyDictionary<string, string> settings, string loadName, string key, uint fallback, uint minimum)
    {
        if (!settings.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) || value < minimum || value > int.MaxValue)
        {
            throw new ArgumentException($"{loadName}: setting '{key}' must be a whole number from {minimum} to {int.MaxValue}, not '{text}'.", nameof(settings));
        }

        return value;
    }
}
