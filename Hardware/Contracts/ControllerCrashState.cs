namespace DumpFramework.Hardware.Contracts;

/// <summary>
/// What the normal-mode driver left the controller doing when the machine bugchecked: the state the dump miniport
/// meets when it takes the adapter over. Manifest key <c>hardware.crash_state</c>; every controller model sets itself
/// up in each of them as its real normal-mode driver would have left it.
/// </summary>
public enum ControllerCrashState
{
    /// <summary>
    /// Initialized and mid-flight (the default, as at a real bugcheck): queues or rings at addresses the dump miniport
    /// does not own, requests outstanding, completions posted but not consumed, interrupts latched.
    /// </summary>
    Running = 0,

    /// <summary>Fresh from power-on or a hard reset, as if the normal-mode driver never ran.</summary>
    PowerOn = 1,

    /// <summary>The controller reports a fault (firmware fault, error status) that only a reset clears.</summary>
    Faulted = 2,

    /// <summary>The controller answers nothing (no status change, no completion) until a hard reset.</summary>
    Hung = 3,
}
