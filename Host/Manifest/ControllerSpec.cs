using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Host.Manifest;

/// <summary>The emulated controller model, its settings and the state the normal-mode driver left it in.</summary>
internal sealed record ControllerSpec(string Model, IReadOnlyDictionary<string, string> Settings, SourceLocation Location)
{
    /// <summary>Manifest <c>hardware.crash_state</c>.</summary>
    public ControllerCrashState CrashState { get; init; } = ControllerCrashState.Running;
}
