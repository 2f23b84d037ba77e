using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.Dump;

/// <summary>
/// The second processor of a dump whose filters all set <see cref="Abstractions.Filters.FilterFlags.PipelinedWrites"/>:
/// it runs the filter chain's DumpWrite for one write while the dumping processor has the port write the one before
/// (an encrypting filter's cipher overlaps the I/O). Created with the chain at stack assembly, so nothing is created
/// once the dump started; a hand-off is two semaphore signals. One write at a time: <see cref="Begin"/>, then
/// <see cref="End"/> before the next <see cref="Begin"/>.
/// </summary>
internal sealed class FilterWorker : IDisposable
{
    private readonly Func<long, Mdl, (Mdl Data, long Offset)> _write;
    private readonly SemaphoreSlim _started = new(0, 1);
    private readonly SemaphoreSlim _finished = new(0, 1);
    private readonly Thread _thread;
    private long _offset;
    private Mdl? _data;
    private (Mdl Data, long Offset) _result;
    private Exception? _error;
    private long _dumperWaitedTicks;
    private long _workerIdleTicks;
    private volatile bool _stopping;
    private bool _disposed;

    public FilterWorker(Func<long, Mdl, (Mdl Data, long Offset)> write)
    {
        _write = write;
        _thread = new Thread(Run) { IsBackground = true, Name = "dump filters (second processor)" };
        _thread.Start();
    }

    /// <summary>How long the dumping thread waited in <see cref="End"/> for the filters (bench/README.md's breakdown).</summary>
    public TimeSpan DumperWaited => Stopwatch.GetElapsedTime(0, _dumperWaitedTicks);

    /// <summary>How long the filter thread waited for a write to run (bench/README.md's breakdown).</summary>
    public TimeSpan WorkerIdle => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _workerIdleTicks));

    /// <summary>Whether a write was begun and not yet ended.</summary>
    public bool Busy { get; private set; }

    /// <summary>Starts the filters' DumpWrite of <paramref name="data"/> at <paramref name="partitionOffset"/>.</summary>
    public void Begin(long partitionOffset, Mdl data)
    {
        if (Busy)
        {
            throw new InvalidOperationException("the filter worker has a write in progress");
        }

        _offset = partitionOffset;
        _data = data;
        Busy = true;
        _started.Release();
    }

    /// <summary>Waits for the write begun last and returns what the port must write, or rethrows what the filters threw.</summary>
    public (Mdl Data, long Offset) End()
    {
        if (!Busy)
        {
            throw new InvalidOperationException("the filter worker has no write in progress");
        }

        long waitStarted = Stopwatch.GetTimestamp();
        _finished.Wait();
        _dumperWaitedTicks += Stopwatch.GetTimestamp() - waitStarted;
        Busy = false;
        _data = null;
        if (_error is { } error)
        {
            _error = null;
            ExceptionDispatchInfo.Throw(error);
        }

        return _result;
    }

    /// <summary>Waits for a write in progress and drops its result: the dump stopped before the port could write it.</summary>
    public void Abandon()
    {
        if (Busy)
        {
            _finished.Wait();
            Busy = false;
            _data = null;
            _error = null;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Abandon();
        _stopping = true;
        _started.Release();
        _thread.Join();
        _started.Dispose();
        _finished.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            long waitStarted = Stopwatch.GetTimestamp();
            _started.Wait();
            Volatile.Write(ref _workerIdleTicks, _workerIdleTicks + Stopwatch.GetTimestamp() - waitStarted);
            if (_stopping)
            {
                return;
            }

            try
            {
                _result = _write(_offset, _data!);
            }
            catch (Exception error)
            {
                _error = error;
            }

            _finished.Release();
        }
    }
}
