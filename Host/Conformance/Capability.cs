using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Conformance;

/// <summary>
/// A knob a scenario needs from the stack's manifest model (a hardware key, a disk key), its controller model (a
/// setting in <see cref="Hardware.Controllers.ControllerModels"/>) or its port (a declared setting). A scenario whose
/// knob the stack does not have is not applicable, and says which knob is missing; once the knob exists, the scenario
/// applies without any change here.
/// </summary>
/// <param name="Description">The knob, as the not-applicable message names it.</param>
/// <param name="IsPresent">Whether the stack has it.</param>
internal sealed record Capability(string Description, Func<StackUnderTest, bool> IsPresent)
{
    /// <summary><c>hardware.KEY</c> in the manifest.</summary>
    public static Capability HardwareKey(string key) =>
        new($"the manifest key 'hardware.{key}'", _ => StackManifestLoader.HardwareKeys.Contains(key, StringComparer.Ordinal));

    /// <summary><c>KEY</c> of a disk under <c>hardware.disks</c>.</summary>
    public static Capability DiskKey(string key) =>
        new($"the disk key '{key}' under hardware.disks", _ => StackManifestLoader.DiskKeys.Contains(key, StringComparer.Ordinal));

    /// <summary>A setting of the stack's controller model, optionally only in a given unit (its declared values mention it).</summary>
    public static Capability ControllerSetting(string key, string? unit = null) =>
        new(
            unit is null ? $"the controller setting '{key}'" : $"the controller setting '{key}' in {unit}",
            stack => stack.Model.FindSetting(key) is { } setting && (unit is null || setting.Accepts.Contains(unit, StringComparison.OrdinalIgnoreCase)));

    /// <summary>A setting the stack's port plugin declares.</summary>
    public static Capability PortSetting(string key) => new($"the port setting '{key}'", stack => stack.PortHasSetting(key));

    /// <summary>16-byte CDBs (READ/WRITE (16)) carried by the stack's controller model.</summary>
    public static Capability SixteenByteCdbs { get; } =
        new("16-byte CDBs (READ/WRITE (16)) in the controller", stack => stack.Model.MaximumCdbLength >= 16);

    /// <summary>Either of two knobs (e.g. a medium error from the disk's fault list or from the controller's own setting).</summary>
    public static Capability Either(Capability first, Capability second) =>
        new($"{first.Description} or {second.Description}", stack => first.IsPresent(stack) || second.IsPresent(stack));

    /// <summary>Why the scenario does not apply to <paramref name="stack"/>, or <see langword="null"/> when every knob is there.</summary>
    public static string? Missing(IEnumerable<Capability> needs, StackUnderTest stack)
    {
        var missing = needs.Where(n => !n.IsPresent(stack)).Select(n => n.Description).ToList();
        return missing.Count == 0 ? null : $"needs {string.Join(" and ", missing)}, which this stack (controller {stack.Model.Name}, port {stack.Manifest.Port.BaseName}) does not have";
    }
}
