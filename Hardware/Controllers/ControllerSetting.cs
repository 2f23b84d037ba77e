using System.Globalization;

namespace DumpFramework.Hardware.Controllers;

/// <summary>
/// One setting a controller model accepts in a manifest's <c>hardware.controller.settings</c>: its key, what values
/// it takes, its default (the model's options default) and what it does. The manifest loader, the factory, the JSON
/// schema test and the README test all read this declaration.
/// </summary>
public abstract class ControllerSetting
{
    private protected ControllerSetting(string key, string accepts, string defaultText, string description)
    {
        Key = key;
        Accepts = accepts;
        DefaultText = defaultText;
        Description = description;
    }

    /// <summary>The key as written in a manifest (snake_case).</summary>
    public string Key { get; }

    /// <summary>What values are accepted, as a noun phrase (e.g. <c>a whole number of polls</c>).</summary>
    public string Accepts { get; }

    /// <summary>The value in force when the manifest does not give the setting.</summary>
    public string DefaultText { get; }

    /// <summary>What the setting does.</summary>
    public string Description { get; }

    /// <summary>Checks a value as written in a manifest.</summary>
    /// <param name="text">The value.</param>
    /// <returns><see langword="null"/> when the value is valid, otherwise why not.</returns>
    public abstract string? Check(string text);

    /// <inheritdoc/>
    public override string ToString() => Key;

    /// <summary>The refusal message for a value this setting does not accept.</summary>
    /// <param name="text">The refused value.</param>
    /// <returns>The message.</returns>
    protected string Refusal(string text) => $"setting '{Key}' must be {Accepts}, not '{text}'";
}

/// <summary>A controller setting whose value parses to <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The parsed value's type.</typeparam>
public sealed class ControllerSetting<T> : ControllerSetting
{
    /// <summary>Parses a setting value.</summary>
    /// <param name="text">The value as written in a manifest.</param>
    /// <param name="value">The parsed value.</param>
    /// <returns>Whether <paramref name="text"/> is a valid value.</returns>
    public delegate bool Parser(string text, out T value);

    private readonly Parser _parse;

    /// <summary>Declares a setting.</summary>
    /// <param name="key">The manifest key.</param>
    /// <param name="accepts">What values are accepted, as a noun phrase.</param>
    /// <param name="defaultValue">The value in force when the setting is absent: the model's options default.</param>
    /// <param name="parse">The value parser.</param>
    /// <param name="description">What the setting does.</param>
    public ControllerSetting(string key, string accepts, T defaultValue, Parser parse, string description)
        : base(key, accepts, FormatDefault(defaultValue), description)
    {
        ArgumentNullException.ThrowIfNull(parse);
        Default = defaultValue;
        _parse = parse;
    }

    /// <summary>The value in force when the manifest does not give the setting.</summary>
    public T Default { get; }

    /// <inheritdoc/>
    public override string? Check(string text) => _parse(text, out _) ? null : Refusal(text);

    /// <summary>The setting's value in <paramref name="settings"/>, or <see cref="Default"/> when absent.</summary>
    /// <param name="settings">The controller's settings from the manifest.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">The value is not valid.</exception>
    public T Read(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.TryGetValue(Key, out string? text))
        {
            return Default;
        }

        return _parse(text, out T value) ? value : throw new ArgumentException(Refusal(text), nameof(settings));
    }

    private static string FormatDefault(T value) => value switch
    {
        null => "none",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "none",
    };
}
