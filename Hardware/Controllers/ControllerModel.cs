namespace DumpFramework.Hardware.Controllers;

/// <summary>Builds a controller from its disks and its already checked manifest settings.</summary>
/// <param name="environment">Memory, stall clock and crash state.</param>
/// <param name="disks">The disks behind it.</param>
/// <param name="settings">The controller settings from the manifest.</param>
/// <returns>The controller and its SCSI targets.</returns>
public delegate EmulatedControllerSet ControllerFactory(ControllerEnvironment environment, IReadOnlyList<ControllerDisk> disks, IReadOnlyDictionary<string, string> settings);

/// <summary>
/// A controller model a manifest can name under <c>hardware.controller</c>: its name, the settings it accepts, which
/// disk targets it has and how it is built. Declared once in <see cref="ControllerModels"/>.
/// </summary>
public sealed class ControllerModel
{
    private readonly ControllerFactory _create;

    /// <summary>Declares a model.</summary>
    /// <param name="name">The manifest name (e.g. <c>lsi-sas1068</c>).</param>
    /// <param name="description">A one-line description.</param>
    /// <param name="settings">The settings it accepts.</param>
    /// <param name="create">Builds it.</param>
    public ControllerModel(string name, string description, IReadOnlyList<ControllerSetting> settings, ControllerFactory create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Name = name;
        Description = description;
        Settings = settings;
        _create = create;
    }

    /// <summary>The name a manifest uses.</summary>
    public string Name { get; }

    /// <summary>A one-line description.</summary>
    public string Description { get; }

    /// <summary>The settings the model accepts.</summary>
    public IReadOnlyList<ControllerSetting> Settings { get; }

    /// <summary>The highest disk target the model has. Default 255 (a SCSI target ID).</summary>
    public int MaximumTarget { get; init; } = 255;

    /// <summary>Target IDs below <see cref="MaximumTarget"/> a disk cannot have (a host adapter's own ID).</summary>
    public IReadOnlySet<int> ReservedTargets { get; init; } = new HashSet<int>();

    /// <summary>
    /// The longest CDB the controller carries to a target. Default 16; a BT-958 CCB holds 12 bytes, so READ/WRITE (16)
    /// and with them LBAs past 2^32 are out of its reach.
    /// </summary>
    public int MaximumCdbLength { get; init; } = 16;

    /// <summary>Which targets the model has, as a clause for <see cref="CheckTarget"/>'s message.</summary>
    public string TargetRule { get; init; } = "a SCSI target ID is 0 to 255";

    /// <summary>The setting called <paramref name="key"/>, or <see langword="null"/>.</summary>
    /// <param name="key">The manifest key.</param>
    /// <returns>The setting.</returns>
    public ControllerSetting? FindSetting(string key) => Settings.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal));

    /// <summary>Checks one manifest setting against the model.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="null"/> when the model accepts it, otherwise why not.</returns>
    public string? CheckSetting(string key, string value) => FindSetting(key) is { } setting
        ? setting.Check(value)
        : $"unknown setting '{key}' for controller {Name} (known: {string.Join(", ", Settings.Select(s => s.Key))})";

    /// <summary>Checks that the model has a disk target <paramref name="target"/>.</summary>
    /// <param name="target">The target from the manifest.</param>
    /// <returns><see langword="null"/> when it has, otherwise why not.</returns>
    public string? CheckTarget(int target) =>
        target >= 0 && target <= MaximumTarget && !ReservedTargets.Contains(target) ? null : $"{TargetRule}, not {target}";

    /// <summary>Builds the controller.</summary>
    /// <param name="environment">Memory, stall clock and crash state.</param>
    /// <param name="disks">The disks behind it.</param>
    /// <param name="settings">The controller settings from the manifest.</param>
    /// <returns>The controller and its SCSI targets.</returns>
    /// <exception cref="ArgumentException">A setting or a disk target is one the model does not accept.</exception>
    public EmulatedControllerSet Create(ControllerEnvironment environment, IReadOnlyList<ControllerDisk> disks, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(disks);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in settings)
        {
            if (CheckSetting(key, value) is { } refusal)
            {
                throw new ArgumentException(refusal, nameof(settings));
            }
        }

        foreach (var disk in disks)
        {
            if (CheckTarget(disk.Target) is { } refusal)
            {
                throw new ArgumentException(refusal, nameof(disks));
            }
        }

        return _create(environment, disks, settings);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
