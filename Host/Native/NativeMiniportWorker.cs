using System.Diagnostics;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace DumpFramework.Host.Native;

/// <summary>
/// The supervised worker process a native miniport runs in (<c>dumpstack native-worker</c>), seen from the host:
/// the pipe to it, the shared arena both map, and the watchdog. A call sends one message and serves the worker's
/// callbacks until its return arrives. When the worker dies (a signal in the miniport, reported by the shim on
/// stderr), stops answering within the wall-time limit, or stalls past the stall-time limit, it is killed and every
/// call from then on throws <see cref="NativeMiniportException"/> with the report.
/// </summary>
internal sealed unsafe class NativeMiniportWorker : INativeChannel
{
    /// <summary>The shared arena: request data first, then mirrors of the port's DMA buffers.</summary>
    public const long ArenaLength = 16L << 20;

    /// <summary>Request data lives in the arena's first 4 MiB (the host's largest transfer is far below).</summary>
    public const long DataAreaLength = 4L << 20;

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly StringBuilder _errors = new();
    private readonly Timer _watchdog;
    private readonly object _watch = new();
    private byte[] _send = new byte[16 << 10];
    private byte[] _receive = new byte[16 << 10];
    private long _deadline = long.MaxValue;
    private readonly MemoryMappedFile _arenaFile;
    private readonly MemoryMappedViewAccessor _arenaView;
    private readonly byte* _arena;
    private readonly string _name;
    private readonly TimeSpan _wallLimit;
    private readonly ulong _stallLimitMicroseconds;
    private string? _failure;
    private string _routine = "DriverEntry";
    private ulong _stalledInCall;

    private NativeMiniportWorker(string name, TimeSpan wallLimit, ulong stallLimitMicroseconds, string arenaPath)
    {
        _name = name;
        _wallLimit = wallLimit;
        _stallLimitMicroseconds = stallLimitMicroseconds;
        ArenaPath = arenaPath;
        using (var file = new FileStream(arenaPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            file.SetLength(ArenaLength);
        }

        _arenaFile = MemoryMappedFile.CreateFromFile(arenaPath, FileMode.Open, null, ArenaLength, MemoryMappedFileAccess.ReadWrite);
        _arenaView = _arenaFile.CreateViewAccessor(0, ArenaLength, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _arenaView.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _arena = pointer + _arenaView.PointerOffset;

        var (program, arguments) = WorkerCommand();
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        _process.Start();
        _process.BeginErrorReadLine();
        _input = _process.StandardInput.BaseStream;
        _output = _process.StandardOutput.BaseStream;

        // The pipe is read on the calling thread; the watchdog ends a worker whose routine overran its wall time, and
        // the read then sees the end of the pipe.
        _watchdog = new Timer(_ => Watch(), null, 50, 50);
    }

    /// <summary>The arena file's path (removed once the worker has mapped it).</summary>
    public string ArenaPath { get; }

    /// <summary>Why the worker is gone, once it is.</summary>
    public string? Failure => _failure;

    /// <summary>The arena as the host sees it.</summary>
    public Span<byte> Arena(long offset, int length) => new(_arena + offset, length);

    /// <inheritdoc />
    public bool SharesMemory => false;

    /// <inheritdoc />
    public ulong WorkerAddress(long offset) => (ulong)offset;

    /// <summary>Starts a worker for the miniport named <paramref name="name"/> (its dump_ name).</summary>
    public static NativeMiniportWorker Start(string name, TimeSpan wallLimit, ulong stallLimitMicroseconds)
    {
        NativeProtocol.CheckSizes();
        string folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        string arena = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"dumpstack-{Environment.ProcessId}-{Guid.NewGuid():N}.arena"));
        return new NativeMiniportWorker(name, wallLimit, stallLimitMicroseconds, arena);
    }

    /// <summary>Sends a call and serves callbacks through <paramref name="callback"/> until the worker returns.</summary>
    /// <param name="kind">The call.</param>
    /// <param name="payload">Its payload.</param>
    /// <param name="routine">The miniport routine it runs, for reports.</param>
    /// <param name="callback">Answers one callback (kind, payload) with its reply.</param>
    /// <param name="beforeSend">Runs before every message to the worker (copy the port's DMA buffers into the arena).</param>
    /// <param name="afterReceive">Runs after every message from the worker (copy the arena back).</param>
    /// <returns>The return's payload.</returns>
    public byte[] Call(uint kind, ReadOnlySpan<byte> payload, string routine, CallbackHandler callback, Action beforeSend, Action afterReceive)
    {
        ThrowIfFailed();
        _routine = routine;
        _stalledInCall = 0;
        Volatile.Write(ref _deadline, Stopwatch.GetTimestamp() + (long)(_wallLimit.TotalSeconds * Stopwatch.Frequency));
        try
        {
            beforeSend();
            Send(kind, payload);
            for (;;)
            {
                var (messageKind, length) = Receive();
                afterReceive();
                if (messageKind == NativeProtocol.Return)
                {
                    return _receive.AsSpan(0, length).ToArray();
                }

                if (messageKind < NativeProtocol.CallbackReadRegister || messageKind >= NativeProtocol.CallbackReply)
                {
                    throw Fail($"{_name} worker broke the protocol: message {messageKind} while in {routine}");
                }

                var reply = callback(messageKind, _receive.AsSpan(0, length));
                beforeSend();
                Send(NativeProtocol.CallbackReply, reply);
            }
        }
        finally
        {
            Volatile.Write(ref _deadline, long.MaxValue);
        }
    }

    /// <summary>Counts stall time the miniport asked for in the current call; past the limit the worker is ended.</summary>
    public void CountStall(uint microseconds)
    {
        _stalledInCall += microseconds;
        if (_stalledInCall > _stallLimitMicroseconds)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture, $"{_name} hung: {_routine} stalled {_stalledInCall / 1_000_000.0:0.#} s without returning (watchdog, stall time limit {_stallLimitMicroseconds / 1_000_000} s); the worker was ended"));
        }
    }

    /// <summary>Marks the worker failed with <paramref name="message"/> and ends it.</summary>
    public NativeMiniportException Fail(string message)
    {
        _failure ??= message;
        Kill();
        return new NativeMiniportException(_failure);
    }

    /// <summary>Answers one callback: its kind and payload, the reply's bytes.</summary>
    public delegate ReadOnlySpan<byte> CallbackHandler(uint kind, ReadOnlySpan<byte> payload);

    public void Dispose()
    {
        _watchdog.Dispose();
        if (_failure is null && !_process.HasExited)
        {
            try
            {
                Send(NativeProtocol.CallQuit, []);
                _process.WaitForExit(2000);
            }
            catch (IOException)
            {
                // Gone already.
            }
        }

        Kill();
        _process.Dispose();
        _arenaView.SafeMemoryMappedViewHandle.ReleasePointer();
        _arenaView.Dispose();
        _arenaFile.Dispose();
        RemoveArenaFile();
    }

    /// <summary>Removes the arena's file: both processes have it mapped, the name is no longer needed.</summary>
    public void RemoveArenaFile()
    {
        try
        {
            File.Delete(ArenaPath);
        }
        catch (IOException)
        {
            // Best effort: a leftover file in /dev/shm is removed at reboot.
        }
    }

    /// <summary>This same dumpstack as a child process: the program and the arguments before the command's own.</summary>
    internal static (string Program, string[] Arguments) SelfCommand()
    {
        var (program, arguments) = WorkerCommand();
        return (program, arguments[..^1]);
    }

    private static (string Program, string[] Arguments) WorkerCommand()
    {
        // The same dumpstack, a hidden sub-command: the apphost beside the host's assembly, or dotnet with the dll.
        string directory = AppContext.BaseDirectory;
        string apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "dumpstack.exe" : "dumpstack");
        if (File.Exists(apphost))
        {
            return (apphost, ["native-worker"]);
        }

        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return (dotnet, [Path.Combine(directory, "dumpstack.dll"), "native-worker"]);
    }

    private void Send(uint kind, ReadOnlySpan<byte> payload)
    {
        // One write per message: the header and the payload together.
        int total = 8 + payload.Length;
        if (_send.Length < total)
        {
            _send = new byte[total];
        }

        BitConverter.TryWriteBytes(_send.AsSpan(0, 4), kind);
        BitConverter.TryWriteBytes(_send.AsSpan(4, 4), (uint)payload.Length);
        payload.CopyTo(_send.AsSpan(8));
        try
        {
            _input.Write(_send, 0, total);
            _input.Flush();
        }
        catch (IOException)
        {
            throw Died();
        }
    }

    private (uint Kind, int Length) Receive()
    {
        try
        {
            Span<byte> header = stackalloc byte[8];
            _output.ReadExactly(header);
            uint kind = BitConverter.ToUInt32(header);
            int length = BitConverter.ToInt32(header[4..]);
            if (length < 0 || length > (1 << 20))
            {
                throw Fail(string.Create(CultureInfo.InvariantCulture, $"{_name} worker broke the protocol: a {length}-byte message while in {_routine}"));
            }

            if (_receive.Length < length)
            {
                _receive = new byte[length];
            }

            _output.ReadExactly(_receive, 0, length);
            return (kind, length);
        }
        catch (Exception error) when (error is EndOfStreamException or IOException or ObjectDisposedException)
        {
            throw Died();
        }
    }

    private void Watch()
    {
        if (Stopwatch.GetTimestamp() <= Volatile.Read(ref _deadline))
        {
            return;
        }

        lock (_watch)
        {
            if (_failure is null && Volatile.Read(ref _deadline) != long.MaxValue)
            {
                _failure = string.Create(CultureInfo.InvariantCulture, $"{_name} hung: {_routine} did not return within {_wallLimit.TotalSeconds:0.#} s (watchdog, wall time limit); the worker was ended");
                Kill();
            }
        }
    }

    // The worker ended without being asked: the shim's crash line says why, or the exit status does.
    private NativeMiniportException Died()
    {
        if (_failure is not null)
        {
            return new NativeMiniportException(_failure);
        }

        if (!_process.WaitForExit(5000))
        {
            Kill();
        }

        _process.WaitForExit();
        string errors;
        lock (_errors)
        {
            errors = _errors.ToString();
        }

        const string CrashMark = "DUMPFW-CRASH: ";
        string? crash = errors.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(CrashMark, StringComparison.Ordinal));
        string message = crash is not null
            ? $"{_name} crashed: {crash[CrashMark.Length..]}"
            : string.Create(CultureInfo.InvariantCulture, $"{_name} crashed: its worker ended with exit code {_process.ExitCode} while in {_routine}{LastLine(errors)}");
        _failure = message;
        return new NativeMiniportException(message);
    }

    private static string LastLine(string errors)
    {
        string? last = errors.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        return last is null ? string.Empty : $" ({last})";
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new NativeMiniportException(_failure);
        }
    }
}
