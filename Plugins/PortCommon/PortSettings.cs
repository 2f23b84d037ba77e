using System.Globalization;
using System.Reflection;
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

    /// <summary>What <see cref="PollIntervalKey"/> does, for the port's <see cref="DumpDriverSettingAttribute"/>.</summary>
    public const string PollIntervalDescription = "Stall between two polls of the miniport's interrupt routine.";

    /// <summary>What <see cref="RetryLimitKey"/> does.</summary>
    public const string RetryLimitDescription = "Retries of a request after UNIT ATTENTION, NOT READY (becoming ready), ABORTED COMMAND or a bus reset.";

    /// <summary>What <see cref="BusyResubmitLimitKey"/> does.</summary>
    public const string BusyResubmitLimitDescription = "Resubmissions of a request the miniport or the device reported busy before it fails.";

    /// <summary>What <see cref="BusyDelayKey"/> does.</summary>
    public const string BusyDelayDescription = "Stall before resubmitting a busy request.";

    /// <summary>What <see cref="NotReadyDelayKey"/> does.</summary>
    public const string NotReadyDelayDescription = "Stall before retrying a unit that is becoming ready (NOT READY 04/01).";

    /// <summary>The values <see cref="PollIntervalKey"/> takes.</summary>
    public const string PollIntervalValues = "microseconds, 1 or more";

    /// <summary>The values of the two counts.</summary>
    public const string CountValues = "a count, 0 or more";

    /// <summary>The values of the two delays.</summary>
    public const string DelayValues = "microseconds, 0 or more";

    /// <summary>The module name the port is loaded under (<c>dump_storport</c>, <c>dump_ataport</c>, <c>hiber_…</c>).</summary>
    public required string LoadName { get; init; }

    /// <summary>Stall between polls, in microseconds (at least 1).</summary>
    public uint PollIntervalMicroseconds { get; init; }

    /// <summary>Retries per request after a retryable condition.</summary>
    public int RetryLimit { get; init; }

    /// <summary>Busy resubmissions per request before it fails.</summary>
    public int BusyResubmitLimit { get; init; }

    /// <summary>Stall before a busy resubmission, in microseconds.</summary>
    public uint BusyDelayMicroseconds { get; init; }

    /// <summary>Stall before retrying a unit that is becoming ready, in microseconds.</summary>
    public uint NotReadyDelayMicroseconds { get; init; }

    /// <summary>
    /// The port's defaults as its assembly declares them (<see cref="DumpDriverSettingAttribute.Default"/> of each of the
    /// five keys): the value <c>dumpstack plugins</c> lists is the value in force, with one source, the attribute.
    /// </summary>
    /// <param name="portAssembly">The port plugin's assembly.</param>
    /// <param name="loadName">The name to report until a stack gives the real load name.</param>
    /// <returns>The defaults.</returns>
    /// <exception cref="InvalidOperationException">One of the five keys is not declared with a numeric default (a build mistake).</exception>
    public static PortSettings DeclaredDefaults(Assembly portAssembly, string loadName)
    {
        ArgumentNullException.ThrowIfNull(portAssembly);
        var declared = portAssembly.GetCustomAttributes<DumpDriverSettingAttribute>().ToDictionary(s => s.Key, s => s.Default, StringComparer.Ordinal);
        uint Default(string key) =>
            declared.TryGetValue(key, out string? text) && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
                ? value
                : throw new InvalidOperationException($"{portAssembly.GetName().Name} declares no numeric default for '{key}'.");
        return new PortSettings
        {
            LoadName = loadName,
            PollIntervalMicroseconds = Default(PollIntervalKey),
            RetryLimit = checked((int)Default(RetryLimitKey)),
            BusyResubmitLimit = checked((int)Default(BusyResubmitLimitKey)),
            BusyDelayMicroseconds = Default(BusyDelayKey),
            NotReadyDelayMicroseconds = Default(NotReadyDelayKey),
        };
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
