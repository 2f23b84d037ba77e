using System.Globalization;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// A dump port's tunables, read from the driver's manifest settings (all optional). Both ports take the same five
/// snake_case keys, like every other manifest key, and refuse any other key with the same message; only the defaults
/// differ (diskdump is patient with a busy target, ataport retries once).
/// </summary>
internal sealed class PortSettings
{
    /// <summary>Setting key: stall between two polls of the miniport's interrupt routine, in microseconds.</summary>
    public const string PollIntervalKey = "poll_interval_microseconds";

    /// <summary>Setting key: retries of a request after a retryable condition (UNIT ATTENTION, becoming ready,
    /// ABORTED COMMAND, a bus reset).</summary>
    public const string RetryLimitKey = "retry_limit";

    /// <summary>Setting key: resubmissions of a request the miniport or the device reported busy.</summary>
    public const string BusyResubmitLimitKey = "busy_resubmit_limit";

    /// <summary>Setting key: stall before resubmitting a busy request, in microseconds.</summary>
    public const string BusyDelayKey = "busy_delay_microseconds";

    /// <summary>Setting key: stall before retrying after NOT READY 04/01 (becoming ready), in microseconds.</summary>
    public const string NotReadyDelayKey = "not_ready_delay_microseconds";

    /// <summary>Every key a port accepts, in the order the refusal message lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } = [PollIntervalKey, RetryLimitKey, BusyResubmitLimitKey, BusyDelayKey, NotReadyDelayKey];

    /// <summary>The module name the port is loaded under (<c>dump_storport</c>, <c>dump_ataport</c>, <c>hiber_…</c>).</summary>
    public required string LoadName { get; init; }

    /// <summary>Stall between polls, in microseconds (at least 1).</summary>
    public uint PollIntervalMicroseconds { get; init; } = 10;

    /// <summary>Retries per request after a retryable condition.</summary>
    public int RetryLimit { get; init; }

    /// <summary>Busy resubmissions per request before it fails.</summary>
    public int BusyResubmitLimit { get; init; }

    /// <summary>Stall before a busy resubmission, in microseconds.</summary>
    public uint BusyDelayMicroseconds { get; init; } = 1000;

    /// <summary>Stall before retrying a unit that is becoming ready, in microseconds.</summary>
    public uint NotReadyDelayMicroseconds { get; init; } = 500_000;

    /// <summary>The declarations of the five keys, with this port's defaults, for the port's identity.</summary>
    /// <param name="defaults">The port's values for the keys the manifest leaves out.</param>
    /// <returns>The declarations, in <see cref="Keys"/> order.</returns>
    public static IReadOnlyList<DriverSetting> Declare(PortSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        string Text(uint value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            new(PollIntervalKey, "Stall between two polls of the miniport's interrupt routine.") { Values = "microseconds, 1 or more", Default = Text(defaults.PollIntervalMicroseconds) },
            new(RetryLimitKey, "Retries of a request after UNIT ATTENTION, NOT READY (becoming ready), ABORTED COMMAND or a bus reset.") { Values = "a count, 0 or more", Default = Text((uint)defaults.RetryLimit) },
            new(BusyResubmitLimitKey, "Resubmissions of a request the miniport or the device reported busy before it fails.") { Values = "a count, 0 or more", Default = Text((uint)defaults.BusyResubmitLimit) },
            new(BusyDelayKey, "Stall before resubmitting a busy request.") { Values = "microseconds, 0 or more", Default = Text(defaults.BusyDelayMicroseconds) },
            new(NotReadyDelayKey, "Stall before retrying a unit that is becoming ready (NOT READY 04/01).") { Values = "microseconds, 0 or more", Default = Text(defaults.NotReadyDelayMicroseconds) },
        ];
    }

    /// <summary>Reads the settings of one stack entry over the port's defaults.</summary>
    /// <param name="configuration">The driver's configuration.</param>
    /// <param name="defaults">The port's values for the keys the manifest leaves out (its <see cref="LoadName"/> is replaced).</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">A setting is unknown, or present but not a valid number.</exception>
    public static PortSettings FromConfiguration(DriverConfiguration configuration, PortSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(defaults);
        string loadName = configuration.LoadName;
        foreach (string key in configuration.Settings.Keys)
        {
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                // A misspelt setting must not silently fall back to its default (the host refuses it first; a port
                // loaded by another host still does).
                throw new DriverSettingException(loadName, key, $"{loadName}: unknown setting '{key}'; known settings: {string.Join(", ", Keys)}.");
            }
        }

        const uint Largest = int.MaxValue;
        return new PortSettings
        {
            LoadName = loadName,
            PollIntervalMicroseconds = configuration.GetUInt32(PollIntervalKey, defaults.PollIntervalMicroseconds, 1, Largest),
            RetryLimit = (int)configuration.GetUInt32(RetryLimitKey, (uint)defaults.RetryLimit, 0, Largest),
            BusyResubmitLimit = (int)configuration.GetUInt32(BusyResubmitLimitKey, (uint)defaults.BusyResubmitLimit, 0, Largest),
            BusyDelayMicroseconds = configuration.GetUInt32(BusyDelayKey, defaults.BusyDelayMicroseconds, 0, Largest),
            NotReadyDelayMicroseconds = configuration.GetUInt32(NotReadyDelayKey, defaults.NotReadyDelayMicroseconds, 0, Largest),
        };
    }
}
