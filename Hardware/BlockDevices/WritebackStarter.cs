using Microsoft.Win32.SafeHandles;

namespace DumpFramework.Hardware.BlockDevices;

/// <summary>
/// Starts the kernel's writeback of an image file's written ranges from a thread of its own, as a disk drains its
/// write cache while the host goes on. <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c> does not wait for the I/O, but it
/// submits it in the caller's context (allocating the file's blocks on the way) and sleeps whenever the device's queue
/// is full: called by the thread that runs the dump, it stalls the whole stack for as long as the disk is busy.
/// </summary>
/// <remarks>Advisory only: durability still comes from the fsync of <see cref="ImageFileBlockDevice.Flush"/>. The thread
/// is created with the device, so a dump in progress allocates nothing for it; ranges handed over while the thread is
/// busy are merged into one.</remarks>
internal sealed class WritebackStarter : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly Lock _lock = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private long _from = long.MaxValue;
    private long _to;
    private bool _stopping;

    /// <summary>Starts the writeback thread for <paramref name="handle"/>, which must outlive it (see <see cref="Dispose"/>).</summary>
    public WritebackStarter(SafeFileHandle handle)
    {
        _handle = handle;
        _thread = new Thread(Run) { IsBackground = true, Name = "image writeback" };
        _thread.Start();
    }

    /// <summary>Whether the thread is running (until <see cref="Dispose"/> has stopped it).</summary>
    public bool IsRunning => _thread.IsAlive;

    /// <summary>Asks for the writeback of [<paramref name="from"/>, <paramref name="to"/>) to be started; returns at once.</summary>
    public void Start(long from, long to)
    {
        lock (_lock)
        {
            _from = Math.Min(_from, from);
            _to = Math.Max(_to, to);
        }

        _wake.Set();
    }

    /// <summary>Stops the thread after the range it is starting, if any; the handle may be closed afterwards.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _wake.WaitOne();
            long from;
            long to;
            bool stopping;
            lock (_lock)
            {
                (from, to, stopping) = (_from, _to, _stopping);
                (_from, _to) = (long.MaxValue, 0);
            }

            if (stopping)
            {
                return;
            }

            if (to > from)
            {
                bool added = false;
                try
                {
                    _handle.DangerousAddRef(ref added);

                    // Advisory: a failure (a file system without it) changes nothing; the fsync of Flush is what counts.
                    _ = LinuxNative.SyncFileRange((int)_handle.DangerousGetHandle(), from, to - from, LinuxNative.SyncFileRangeWrite);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                finally
                {
                    if (added)
                    {
                        _handle.DangerousRelease();
                    }
                }
            }
        }
    }
}
