using System.IO.Hashing;
using DumpFramework.Abstractions;
using DumpFramework.Abstractions.Drivers;
using DumpFramework.Abstractions.Filters;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Host.Manifest;

namespace DumpFramework.Host.Dump;

/// <summary>
/// The dump filters of a stack, driven by the rules of <c>ntdddump.h</c>: initialized at assembly (the boot-time
/// DriverEntry) with a pre-filled MaxPagesPerWrite; DumpStart before the first write; DumpWrite before every write in
/// manifest order; DumpFinish after the last; DumpRead after every read-back in reverse order; DumpUnload at dispose.
/// A filter sees the data read-only: in strict mode writable data is hashed before and after each DumpWrite, and an
/// in-place change is reported naming the filter.
/// </summary>
internal sealed class FilterChain : IDisposable
{
    private const string Source = "crashdmp";
    private readonly List<ActiveFilter> _filters;
    private readonly IPhysicalMemory _memory;
    private readonly DumpLog _log;
    private readonly FilterErrorPolicy _policy;
    private readonly byte[]? _scratch;
    private readonly long _volumeLength;
    private bool _unloaded;

    private FilterChain(List<ActiveFilter> filters, IPhysicalMemory memory, DumpLog log, FilterErrorPolicy policy, bool strict, int maxWriteBytes, long volumeLength)
    {
        _filters = filters;
        _volumeLength = volumeLength;
        _memory = memory;
        _log = log;
        _policy = policy;
        _scratch = strict && filters.Count > 0 ? new byte[maxWriteBytes] : null;
    }

    public IReadOnlyList<ActiveFilter> Filters => _filters;

    /// <summary>The smallest MaxPagesPerWrite any filter asked for, in bytes.</summary>
    public int MaxWriteBytes { get; private set; }

    /// <summary>The second processor running DumpWrite while the port writes, when every filter allows it
    /// (<see cref="FilterFlags.PipelinedWrites"/>); <see langword="null"/> otherwise.</summary>
    public FilterWorker? Worker { get; private set; }

    /// <summary>Errors recorded under the continue policy.</summary>
    public List<string> RecordedErrors { get; } = [];

    /// <summary>
    /// Runs each filter's initialization (DriverEntry). A critical filter that fails fails the stack; another is
    /// skipped. <c>volumeLength</c> is the dump volume's length: a DumpWrite may move a write anywhere inside it, never outside.
    /// </summary>
    public static FilterChain Initialize(
        IReadOnlyList<(string LoadName, IDumpFilter Filter)> filters,
        Func<FilterExtension> extension,
        int maxWriteBytes,
        long volumeLength,
        IPhysicalMemory memory,
        DumpLog log,
        FilterErrorPolicy policy,
        bool strict)
    {
        int maxPages = maxWriteBytes / DumpContract.PageSize;
        var active = new List<ActiveFilter>();
        foreach (var (loadName, filter) in filters)
        {
            var ext = extension();
            var data = new FilterInitializationData(maxPages, SystemFilterFlags.SupportRead | SystemFilterFlags.SupportExtensionEx);
            NtStatus status;
            string? failure = null;
            int logged = log.Entries.Count;
            try
            {
                status = filter.Initialize(ext, data);
            }
            catch (Exception error)
            {
                status = NtStatus.Unsuccessful;
                failure = error.Message;
            }

            if (status.IsSuccess && (data.MaxPagesPerWrite <= 0 || data.MaxPagesPerWrite > maxPages))
            {
                status = NtStatus.InvalidParameter;
                failure = $"it set MaxPagesPerWrite to {data.MaxPagesPerWrite}; it may only lower the pre-filled {maxPages}";
            }

            if (!status.IsSuccess)
            {
                // The filter's own log lines say why (a key file of the wrong length, say); the status alone does not.
                var own = log.Entries.Skip(logged).Where(e => e.Level != DumpLogLevel.Information).Select(e => e.Message).ToList();
                if (failure is null && own.Count > 0)
                {
                    failure = string.Join("; ", own);
                }

                string why = $"{loadName}: initialization failed with {status}{(failure is null ? string.Empty : ": " + failure)}";
                if ((data.Flags & FilterFlags.Critical) != 0)
                {
                    // The stack is given up: the filters initialized before this one get their DumpUnload.
                    new FilterChain(active, memory, log, policy, strict: false, maxWriteBytes, volumeLength).Dispose();
                    throw new DumpFailedException($"{why}; it is a critical filter, so the dump stack cannot be used and nothing is written");
                }

                log.Record(DumpLogLevel.Warning, Source, why + "; not critical, skipped");
                continue;
            }

            ext.DumpData = data.DumpData;
            active.Add(new ActiveFilter(loadName, filter, ext, data));
        }

        var chain = new FilterChain(active, memory, log, policy, strict, maxWriteBytes, volumeLength)
        {
            MaxWriteBytes = active.Count == 0 ? maxWriteBytes : active.Min(f => f.Data.MaxPagesPerWrite) * DumpContract.PageSize,
        };

        // Every filter says its DumpWrite may overlap the port's write of the previous data: the chain runs on a
        // second processor, started now (boot time), not at the dump.
        if (active.Count > 0 && active.All(f => (f.Data.Flags & FilterFlags.PipelinedWrites) != 0))
        {
            chain.Worker = new FilterWorker(chain.Write);
            log.Record(DumpLogLevel.Information, Source, $"DumpWrite of {string.Join(", ", active.Select(f => f.LoadName))} runs on a second processor, overlapping the port's writes");
        }

        return chain;
    }

    public void Start() => Each("DumpStart", f => f.Filter.Start(f.Extension));

    public void Finish() => Each("DumpFinish", f => f.Filter.Finish(f.Extension));

    /// <summary>DumpWrite in every filter; returns the data and partition-relative offset the port must write.</summary>
    public (Mdl Data, long Offset) Write(long partitionOffset, Mdl data)
    {
        if (_filters.Count == 0)
        {
            return (data, partitionOffset);
        }

        var write = new DumpFilterWrite(partitionOffset, data, _memory);
        foreach (var filter in _filters)
        {
            var before = write.Data;
            long offsetBefore = write.DiskByteOffset;
            // Pages nothing can write (a memory image mapped read-only) cannot change in place: only writable data is checked.
            bool check = _scratch is not null && IsWritable(before);
            ulong hash = check ? Hash(before) : 0;
            NtStatus status;
            try
            {
                status = filter.Filter.Write(filter.Extension, write);
            }
            catch (Exception error)
            {
                Fail(filter, "DumpWrite", $"threw {error.GetType().Name}: {error.Message}");
                continue;
            }

            if (check && Hash(before) != hash)
            {
                // Never tolerated, whatever the policy: the dumped pages themselves were changed.
                throw new DumpFailedException($"{filter.LoadName}: DumpWrite modified the data in place at partition offset 0x{offsetBefore:X} (a filter must substitute its own buffer)");
            }

            if (write.DiskByteOffset != offsetBefore && (write.DiskByteOffset < 0 || write.DiskByteOffset > _volumeLength - write.Length))
            {
                // Never tolerated, whatever the policy: the port would write over whatever lies beside the dump volume.
                throw new DumpFailedException($"{filter.LoadName}: DumpWrite moved a write of {write.Length} bytes from partition offset 0x{offsetBefore:X} to 0x{write.DiskByteOffset:X}, outside the dump volume (0x{_volumeLength:X} bytes)");
            }

            if (write.DiskByteOffset != offsetBefore)
            {
                _log.Record(DumpLogLevel.Information, filter.LoadName, $"DumpWrite moved a write of {write.Length} bytes from partition offset 0x{offsetBefore:X} to 0x{write.DiskByteOffset:X}");
            }

            if (!status.IsSuccess)
            {
                Fail(filter, "DumpWrite", $"returned {status} for partition offset 0x{offsetBefore:X}");
            }
        }

        return (write.Data, write.DiskByteOffset);
    }

    /// <summary>DumpRead in every read-capable filter, in reverse order.</summary>
    public void Read(long partitionOffset, Memory<byte> data)
    {
        for (int i = _filters.Count - 1; i >= 0; i--)
        {
            var filter = _filters[i];
            if (!filter.ReadCapable)
            {
                continue;
            }

            NtStatus status;
            try
            {
                status = filter.Filter.Read(filter.Extension, new DumpFilterRead(partitionOffset, data));
            }
            catch (Exception error)
            {
                throw new DumpFailedException($"{filter.LoadName}: DumpRead threw {error.GetType().Name}: {error.Message}", error);
            }

            if (!status.IsSuccess)
            {
                throw new DumpFailedException($"{filter.LoadName}: DumpRead returned {status} for partition offset 0x{partitionOffset:X}");
            }
        }
    }

    public void Dispose()
    {
        if (_unloaded)
        {
            return;
        }

        _unloaded = true;
        Worker?.Dispose();
        foreach (var filter in _filters)
        {
            try
            {
                var status = filter.Filter.Unload(filter.Extension);
                if (!status.IsSuccess)
                {
                    _log.Record(DumpLogLevel.Warning, filter.LoadName, $"DumpUnload returned {status}");
                }
            }
            catch (Exception error)
            {
                _log.Record(DumpLogLevel.Warning, filter.LoadName, $"DumpUnload threw {error.GetType().Name}: {error.Message}");
            }
        }
    }

    private void Each(string callback, Func<ActiveFilter, NtStatus> call)
    {
        foreach (var filter in _filters)
        {
            NtStatus status;
            try
            {
                status = call(filter);
            }
            catch (Exception error)
            {
                Fail(filter, callback, $"threw {error.GetType().Name}: {error.Message}");
                continue;
            }

            if (!status.IsSuccess)
            {
                Fail(filter, callback, $"returned {status}");
            }
        }
    }

    private void Fail(ActiveFilter filter, string callback, string what)
    {
        string message = $"{filter.LoadName}: {callback} {what}";
        if (_policy == FilterErrorPolicy.Abort)
        {
            throw new DumpFailedException(message + "; dump aborted (filter_errors: abort)");
        }

        RecordedErrors.Add(message);
        _log.Record(DumpLogLevel.Error, filter.LoadName, message + "; continuing (filter_errors: continue)");
    }

    private bool IsWritable(Mdl data)
    {
        foreach (var segment in data.Segments)
        {
            if (_memory.IsAccessible(segment.Address, segment.Length, forWrite: true))
            {
                return true;
            }
        }

        return false;
    }

    private ulong Hash(Mdl data)
    {
        var span = _scratch.AsSpan(0, (int)data.ByteCount);
        if (!data.TryCopyTo(_memory, span))
        {
            throw new DumpFailedException($"crashdmp: the data of a write is not in mapped memory ({data.ByteCount} bytes at 0x{data.Segments[0].Address:X})");
        }

        return XxHash3.HashToUInt64(span);
    }
}
