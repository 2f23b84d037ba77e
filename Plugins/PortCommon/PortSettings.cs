using System.Globalization;
using System.Reflection;
using DumpFramework.Abstractions.Drivers;

namespace DumpFramework.Plugins.PortCommon;

/// <summary>
/// A dump port's tunables, read from the driver's manifest settings (all optional). Both ports take the same eight
/// snake_case keys, like every other manifest key, and refuse any other key with the same message; only the defaults
/// differ (diskdump is patient with a busy target, ataport retries once). Five are the port's retry and polling policy;
/// three narrow what the port grants the miniport (transfer limits, uncached extension alignment), as a tighter
/// platform would.
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

    /// <summary>Setting key: a cap on the MaximumTransferLength the miniport reports, in bytes (0: no cap).</summary>
    public const string MaximumTransferLengthKey = "maximum_transfer_length";

    /// <summary>Setting key: a cap on the NumberOfPhysicalBreaks the miniport reports (0: no cap).</summary>
    public const string NumberOfPhysicalBreaksKey = "number_of_physical_breaks";

    /// <summary>Setting key: the alignment, in bytes, of the uncached extension the port hands out.</summary>
    public const string UncachedExtensionAlignmentKey = "uncached_extension_alignment";

    /// <summary>Every key a port accepts, in the order the refusal message lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        [PollIntervalKey, RetryLimitKey, BusyResubmitLimitKey, BusyDelayKey, NotReadyDelayKey, MaximumTransferLengthKey, NumberOfPhysicalBreaksKey, UncachedExtensionAlignmentKey];

    /// <summary>What <see cref="MaximumTransferLengthKey"/> does.</summary>
    public const string MaximumTransferLengthDescription = "Caps the miniport's MaximumTransferLength: the port splits every write so that no request carries more bytes.";

    /// <summary>What <see cref="NumberOfPhysicalBreaksKey"/> does.</summary>
    public const string NumberOfPhysicalBreaksDescription = "Caps the miniport's NumberOfPhysicalBreaks: no request carries more than this + 1 scatter/gather elements, nor more than this many pages.";

    /// <summary>What <see cref="UncachedExtensionAlignmentKey"/> does.</summary>
    public const string UncachedExtensionAlignmentDescription = "The uncached extension starts this many bytes past a page boundary (aligned to this and to nothing larger); 4096 gives a page-aligned one. Windows guarantees no page alignment in dump mode.";

    /// <summary>The values of the two caps.</summary>
    public const string CapValues = "0 (the miniport's own limit) or a cap, 1 or more";

    /// <summary>The values <see cref="UncachedExtensionAlignmentKey"/> takes.</summary>
    public const string AlignmentValues = "bytes, a power of two from 8 to 4096";

    /// <summary>The smallest uncached extension alignment: x86's pool granularity, the least any Windows allocation gets.</summary>
    public const uint MinimumAlignment = 8;

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

    /// <summary>Cap on the miniport's MaximumTransferLength in bytes; 0 for none.</summary>
    public uint MaximumTransferLengthCap { get; init; }

    /// <summary>Cap on the miniport's NumberOfPhysicalBreaks; 0 for none.</summary>
    public uint NumberOfPhysicalBreaksCap { get; init; }

    /// <summary>Alignment of the uncached extension in bytes: it starts exactly this far past a page (a page when 4096).</summary>
    public uint UncachedExtensionAlignment { get; init; } = DumpContract.PageSize;

    /// <summary>The miniport's MaximumTransferLength capped by <see cref="MaximumTransferLengthCap"/>.</summary>
    /// <param name="reported">What the miniport reported.</param>
    /// <returns>The limit the port honours.</returns>
    public uint CapTransferLength(uint reported) => MaximumTransferLengthCap == 0 ? reported : Math.Min(reported, MaximumTransferLengthCap);

    /// <summary>The miniport's NumberOfPhysicalBreaks capped by <see cref="NumberOfPhysicalBreaksCap"/>.</summary>
    /// <param name="reported">What the miniport reported.</param>
    /// <returns>The limit the port honours.</returns>
    public uint CapPhysicalBreaks(uint reported) => NumberOfPhysicalBreaksCap == 0 ? reported : Math.Min(reported, NumberOfPhysicalBreaksCap);

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
            MaximumTransferLengthCap = Default(MaximumTransferLengthKey),
            NumberOfPhysicalBreaksCap = Default(NumberOfPhysicalBreaksKey),
            UncachedExtensionAlignment = Default(UncachedExtensionAlignmentKey),
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
            MaximumTransferLengthCap = configuration.GetUInt32(MaximumTransferLengthKey, defaults.MaximumTransferLengthCap, 0, Largest),
            NumberOfPhysicalBreaksCap = configuration.GetUInt32(NumberOfPhysicalBreaksKey, defaults.NumberOfPhysicalBreaksCap, 0, Largest),
            UncachedExtensionAlignment = Alignment(configuration, defaults.UncachedExtensionAlignment),
        };
    }

    // A power of two: anything else is no alignment at all (12 would put the extension at a 4-byte boundary).
    private static uint Alignment(DriverConfiguration configuration, uint fallback)
    {
        uint alignment = configuration.GetUInt32(UncachedExtensionAlignmentKey, fallback, MinimumAlignment, DumpContract.PageSize);
        return uint.IsPow2(alignment)
            ? alignment
            : throw configuration.SettingError(UncachedExtensionAlignmentKey, string.Create(CultureInfo.InvariantCulture,
                $"must be a power of two from {MinimumAlignment} to {DumpContract.PageSize}, not '{alignment}'"));
    }
}
