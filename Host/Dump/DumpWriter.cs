using System.Diagnostics;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Host.Dump;

/// <summary>
/// The crash-time write loop of crashdmp, run after the port's open and DumpStart: each piece of the plan split into
/// writes no larger than the port's and every filter's limit, each passing DumpWrite before the port's Write, then
/// the port's flush, the header's final form, another flush, DumpFinish, and last the port's Finish (the device's
/// shutdown). Nothing is reported written unless all of it was. A cancellation (the host's signal handler) is honoured
/// between writes: the write in flight completes, nothing follows, and the header keeps its incomplete form.
/// </summary>
internal sealed class DumpWriter(IDumpPort port, FilterChain filters, IDmaBuffer staging, IProgressSink progress, string portName = "dump port", CancellationToken cancel = default)
{
    public const string InitMessage = "Initializing disk for crash dump ...";
    public const string StartMessage = "Beginning dump of physical memory.";
    public const string DoneMessage = "Physical memory dump complete.";

    private long _written;
    private long _writes;
    private long _partitionOffset;

    /// <summary>Writes the plan's pieces through the stack. The port must already be open.</summary>
    public DumpWriteResult Write(DumpPlan plan)
    {
        var clock = Stopwatch.StartNew();
        var content = plan.Content;
        var map = plan.Target.BlockMap;
        long partitionOffset = plan.Target.PartitionOffset;
        _written = 0;
        _writes = 0;
        _partitionOffset = partitionOffset;
        try
        {
            int blockSize = port.Target?.BlockSize ?? throw new DumpFailedException("crashdmp: the port is not open");
            int maxWrite = Math.Min(port.MaximumTransferSize, filters.MaxWriteBytes);
            maxWrite = Math.Min(maxWrite, staging.Length) / blockSize * blockSize;
            if (maxWrite <= 0)
            {
                throw new DumpFailedException($"crashdmp: no usable write size (port {port.MaximumTransferSize}, filters {filters.MaxWriteBytes}, block {blockSize})");
            }

            progress.Message(StartMessage);
            foreach (var piece in plan.Pieces)
            {
                for (long done = 0; done < piece.Length;)
                {
                    long fileOffset = piece.FileOffset + done;
                    int chunk = (int)Math.Min(maxWrite, piece.Length - done);
                    long inChunk = 0;
                    foreach (var (_, diskOffset, length) in map.Map(fileOffset, chunk))
                    {
                        cancel.ThrowIfInterrupted();
                        WriteOne(diskOffset, Describe(piece, done + inChunk, (int)length), piece.IsMemory, countsAsData: true);
                        inChunk += length;
                    }

                    done += chunk;
                    progress.Progress(_written, content.Length);
                }
            }

            Drain();
            Flush();
            cancel.ThrowIfInterrupted();
            if (!content.FinalHeader.IsEmpty)
            {
                // The header's valid form goes last, after everything it vouches for is durable.
                // Split like every other write: a filter that lowered MaxPagesPerWrite below the header's size sized its buffer by it.
                long inHeader = 0;
                for (int done = 0; done < content.FinalHeader.Length;)
                {
                    int chunk = Math.Min(maxWrite, content.FinalHeader.Length - done);
                    foreach (var (_, diskOffset, length) in map.Map(done, chunk))
                    {
                        content.FinalHeader.Span.Slice((int)inHeader, (int)length).CopyTo(staging.Span);
                        WriteOne(diskOffset, Mdl.FromBuffer(staging, (int)length), pipelinable: false, countsAsData: false);
                        inHeader += length;
                    }

                    done += chunk;
                }

                Flush();
            }

            filters.Finish();

            // Shut the device down (SHUTDOWN, STANDBY IMMEDIATE) once, last: nothing is written after it.
            var finished = Call(port.Finish, "Finish");
            if (!finished.IsSuccess)
            {
                throw new DumpFailedException(port.LastError ?? $"{portName}: Finish failed with {finished}");
            }

            progress.Complete();
            progress.Message(DoneMessage);
            return new DumpWriteResult(true, null, _written, _writes, clock.Elapsed, port.Statistics);
        }
        catch (DumpFailedException failure)
        {
            filters.Worker?.Abandon();
            progress.Complete();
            return new DumpWriteResult(false, failure.Message, _written, _writes, clock.Elapsed, port.Statistics) { PercentDone = Percent(_written, content.Length) };
        }
        catch (DumpInterruptedException)
        {
            // The write whose DumpWrite is running on the second processor is dropped, as every later one is.
            filters.Worker?.Abandon();
            progress.Complete();
            int percent = Percent(_written, content.Length);
            return new DumpWriteResult(false, $"dump interrupted at {percent}%: the disk holds no valid dump", _written, _writes, clock.Elapsed, port.Statistics)
            {
                Interrupted = true,
                PercentDone = percent,
            };
        }
    }

    // Never 100 before the header is valid: a dump stopped after its last page still holds no valid dump.
    private static int Percent(long done, long total) => total <= 0 ? 0 : (int)Math.Min(99, done * 100 / total);

    private Mdl Describe(DumpPiece piece, long offsetInPiece, int length)
    {
        if (piece.IsMemory)
        {
            // The dumped pages themselves: the controller DMAs straight from them.
            return Mdl.FromContiguous(piece.PhysicalAddress + (ulong)offsetInPiece, (uint)length);
        }

        piece.Bytes.Span.Slice((int)offsetInPiece, length).CopyTo(staging.Span);
        return Mdl.FromBuffer(staging, length);
    }

    // One write: DumpWrite through the filters, then the port. With a filter worker (every filter set PipelinedWrites)
    // a write of dumped pages has its DumpWrite run on the second processor while this one has the port write the
    // previous write's data; anything else (the header, from the shared staging buffer) waits for the pipeline to drain.
    private void WriteOne(long diskOffset, Mdl data, bool pipelinable, bool countsAsData)
    {
        long relative = diskOffset - _partitionOffset;
        if (filters.Worker is not { } worker || !pipelinable)
        {
            Drain();
            var (filtered, offset) = filters.Write(relative, data);
            PortWrite(filtered, offset, countsAsData);
            return;
        }

        if (!worker.Busy)
        {
            worker.Begin(relative, data);
            return;
        }

        var (previous, previousOffset) = worker.End();
        worker.Begin(relative, data);
        PortWrite(previous, previousOffset, countsAsData);
    }

    // The write whose DumpWrite ran on the second processor goes to the port (before a flush or an unpipelined write).
    private void Drain()
    {
        if (filters.Worker is { Busy: true } worker)
        {
            var (filtered, offset) = worker.End();
            PortWrite(filtered, offset, countsAsData: true);
        }
    }

    private void PortWrite(Mdl filtered, long relative, bool countsAsData)
    {
        long partitionOffset = _partitionOffset;
        var status = Call(() => port.Write(partitionOffset + relative, filtered), "Write");
        if (!status.IsSuccess)
        {
            throw new DumpFailedException(port.LastError ?? $"{portName}: Write at disk offset 0x{partitionOffset + relative:X} failed with {status}");
        }

        _writes++;
        if (countsAsData)
        {
            _written += filtered.ByteCount;
        }
    }

    private void Flush()
    {
        var status = Call(port.Flush, "Flush");
        if (!status.IsSuccess)
        {
            throw new DumpFailedException(port.LastError ?? $"{portName}: flush failed with {status}; the dump is not durable");
        }
    }

    private Abstractions.NtStatus Call(Func<Abstractions.NtStatus> call, string routine)
    {
        try
        {
            return call();
        }
        catch (Exception error)
        {
            // A misbehaving port plugin fails the dump, never the host.
            throw new DumpFailedException($"{portName}: {routine} threw {error.GetType().Name}: {error.Message}", error);
        }
    }
}
