using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using DumpFramework.Host.Cli;

namespace DumpFramework.Host.Native;

/// <summary>
/// A native miniport in the dump's own process, next to the port engine and the controller model, so that a register
/// access or an <c>HwInterrupt</c> poll is a function call rather than a round trip to a worker (issue 15, item 7).
/// Used only in the child a supervising <c>dumpstack dump</c> starts (<see cref="NativeDumpSupervisor"/>), with
/// <see cref="NativeDumpSupervisor.InProcessVariable"/> set: a fault in vendor code ends that child, never the host the
/// user started. The shim's crash handler reports a fault as a <c>DUMPFW-CRASH:</c> line; the wall-time and stall-time
/// watchdogs report a hang as a <c>DUMPFW-HANG:</c> line and end the process at once (a thread looping in native code
/// cannot be stopped any other way); the supervisor turns either line into the dump's failure.
/// </summary>
internal sealed unsafe partial class NativeInProcess : INativeChannel
{
    /// <summary>Marks a hang report on stderr for the supervisor.</summary>
    public const string HangMark = "DUMPFW-HANG: ";

    /// <summary>Names the miniport on stderr for the supervisor, before any of its code runs.</summary>
    public const string NameMark = "DUMPFW-NAME: ";

    private static NativeInProcess? s_current;
    private static bool s_used;

    private readonly delegate* unmanaged<delegate* unmanaged<uint, byte*, uint, byte*, uint, uint>, uint, byte*, uint, byte*, uint, uint> _call;
    private readonly byte* _data;
    private readonly string _name;
    private readonly TimeSpan _wallLimit;
    private readonly ulong _stallLimitMicroseconds;
    private readonly Timer _watchdog;
    private readonly byte[] _return = new byte[16 << 10];
    private NativeMiniportWorker.CallbackHandler? _handler;
    private Exception? _pending;
    private long _deadline = long.MaxValue;
    private string _routine = "DriverEntry";
    private ulong _stalledInCall;

    private NativeInProcess(string name, TimeSpan wallLimit, ulong stallLimitMicroseconds)
    {
        _name = name;
        _wallLimit = wallLimit;
        _stallLimitMicroseconds = stallLimitMicroseconds;
        var shim = NativeLibrary.Load(NativeWorkerCommand.ShimPath);
        _call = (delegate* unmanaged<delegate* unmanaged<uint, byte*, uint, byte*, uint, uint>, uint, byte*, uint, byte*, uint, uint>)NativeLibrary.GetExport(shim, "dumpfw_inprocess_call");
        _data = (byte*)NativeMemory.AlignedAlloc((nuint)NativeMiniportWorker.DataAreaLength, 4096);
        Console.Error.WriteLine(NameMark + name);
        _watchdog = new Timer(_ => Watch(), null, 50, 50);
    }

    public string ArenaPath => string.Empty;

    public bool SharesMemory => true;

    /// <summary>Starts the in-process channel when this process is a supervised dump child and none ran here yet (the
    /// shim keeps one miniport's state per process); otherwise <see langword="null"/>.</summary>
    public static NativeInProcess? TryStart(string name, TimeSpan wallLimit, ulong stallLimitMicroseconds)
    {
        if (!NativeDumpSupervisor.InChild || s_used || !File.Exists(NativeWorkerCommand.ShimPath))
        {
            return null;
        }

        s_used = true;
        NativeProtocol.CheckSizes();
        return s_current = new NativeInProcess(name, wallLimit, stallLimitMicroseconds);
    }

    public Span<byte> Arena(long offset, int length) => new(_data + offset, length);

    public ulong WorkerAddress(long offset) => (ulong)(_data + offset);

    public byte[] Call(uint kind, ReadOnlySpan<byte> payload, string routine, NativeMiniportWorker.CallbackHandler callback, Action beforeSend, Action afterReceive)
    {
        _routine = routine;
        _stalledInCall = 0;
        _handler = callback;
        _pending = null;
        uint length;
        Volatile.Write(ref _deadline, Stopwatch.GetTimestamp() + (long)(_wallLimit.TotalSeconds * Stopwatch.Frequency));
        try
        {
            fixed (byte* call = payload)
            fixed (byte* answer = _return)
            {
                length = _call(&HostCallback, kind, call, (uint)payload.Length, answer, (uint)_return.Length);
            }
        }
        finally
        {
            Volatile.Write(ref _deadline, long.MaxValue);
        }

        if (_pending is { } pending)
        {
            // A port service failed inside a callback: it cannot unwind through the miniport's frames, so it is
            // thrown here, once the routine has returned.
            _pending = null;
            ExceptionDispatchInfo.Throw(pending);
        }

        if (length == uint.MaxValue || length > _return.Length)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture, $"{_name}: the shim does not know call {kind} ({routine})"));
        }

        return _return.AsSpan(0, (int)length).ToArray();
    }

    public void CountStall(uint microseconds)
    {
        _stalledInCall += microseconds;
        if (_stalledInCall > _stallLimitMicroseconds)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture, $"{_name} hung: {_routine} stalled {_stalledInCall / 1_000_000.0:0.#} s without returning (watchdog, stall time limit {_stallLimitMicroseconds / 1_000_000} s); the process was ended"));
        }
    }

    /// <summary>Reports <paramref name="message"/> to the supervisor and ends this process: the miniport may be running
    /// on a thread nothing can stop.</summary>
    public NativeMiniportException Fail(string message)
    {
        Console.Error.WriteLine(HangMark + message);
        Console.Error.Flush();
        Console.Out.Flush();
        Exit(70);
        return new NativeMiniportException(message);
    }

    public void RemoveArenaFile()
    {
        // No arena file in process.
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        NativeMemory.AlignedFree(_data);
        s_current = null;
    }

    [UnmanagedCallersOnly]
    private static uint HostCallback(uint kind, byte* payload, uint length, byte* reply, uint capacity)
    {
        var self = s_current;
        if (self?._handler is not { } handler)
        {
            return 0;
        }

        try
        {
            var answer = handler(kind, new ReadOnlySpan<byte>(payload, (int)length));
            int keep = Math.Min(answer.Length, (int)capacity);
            answer[..keep].CopyTo(new Span<byte>(reply, keep));
            return (uint)answer.Length;
        }
        catch (Exception error)
        {
            self._pending ??= error;
            return 0;
        }
    }

    private void Watch()
    {
        if (Stopwatch.GetTimestamp() > Volatile.Read(ref _deadline))
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"{_name} hung: {_routine} did not return within {_wallLimit.TotalSeconds:0.#} s (watchdog, wall time limit); the process was ended"));
        }
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);
}
