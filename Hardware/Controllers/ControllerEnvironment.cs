using DumpFramework.Abstractions.Hardware;
using DumpFramework.Hardware.Contracts;

namespace DumpFramework.Hardware.Controllers;

/// <summary>What a controller model is built into: the machine's memory, the clock its latencies run on and the
/// state the normal-mode driver left it in at the bugcheck.</summary>
/// <param name="Memory">The machine's physical memory (the controller's DMA target).</param>
/// <param name="Clock">The dump stack's stall clock: device latencies are measured against it, as the port's timeouts are.</param>
/// <param name="CrashState">Manifest <c>hardware.crash_state</c>: what the dump miniport meets at takeover.</param>
public sealed record ControllerEnvironment(IPhysicalMemory Memory, IStallClock Clock, ControllerCrashState CrashState = ControllerCrashState.Running);
