using System.Diagnostics;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;

namespace DumpFramework.Host.Orchestration;

/// <summary>
/// The crash-time write loop of crashdmp: DumpStart, port open, then each piece of the dump split into writes no
/// larger than the port's and every filter's limit, each passing DumpWrite before the port's Write, then the port's
/// flush, the header's final form, another flush, DumpFinish, and last the port's Finish (the device's shutdown).
/// Nothing is reported written unless all of it was.
/// </summary>
internal sealed class DumpWriter(IDumpPort port, FilterChain filters, IDmaBuffer staging, IProgressSink progress, string portName = "dump port")
{
    public const string InitMessage = "Initializing disk for crash dump ...";
    public const string StartMessage = "Beginning dump of physical memory.";
    public const string DoneMessage = "Physical memory dump complete.";

    /// <summary>Writes the content through the stack. The port must already be open.</summary>
    public DumpWriteResult Write(IDumpContent content, IDumpTargetMap map)
    {
        var clock = Stopwatch.StartNew();
        long written = 0;
        long writes = 0;
        try
        {
            if (content.Length > map.Capacity)
            {
                throw new DumpFailedException($"crashdmp: the dump needs {content.Length} bytes but the dump region holds {map.Capacity}");
            }

            int blockSize = port.Target?.BlockSize ?? throw new DumpFailedException("crashdmp: the port is not open");
            int maxWrite = Math.Min(port.MaximumTransferSize, filters.MaxWriteBytes);
            maxWrite = Math.Min(maxWrite, staging.Length) / blockSize * blockSize;
            if (maxWrite <= 0)
            {
                throw new DumpFailedException($"crashdmp: no usable write size (port {port.MaximumTransferSize}, filters {filters.MaxWriteBytes}, block {blockSize})");
            }

            progress.Message(StartMessage);
            foreach (var piece in content.Pieces())
            {
                for (long done = 0; done < piece.Length;)
                {
                    long fileOffset = piece.FileOffset + done;
                    int chunk = (int)Math.Min(maxWrite, piece.Length - done);
                    long inChunk = 0;
                    foreach (var (diskOffset, length) in map.Map(fileOffset, chunk))
                    {
                        WriteOne(diskOffset, Describe(piece, done + inChunk, (int)length), map.PartitionOffset);
                        inChunk += length;
                        writes++;
                        written += length;
                    }

                    done += chunk;
                    progress.Progress(written, content.Length);
                }
            }

            Flush();
            if (!content.FinalHeader.IsEmpty)
            {
                // The header's valid form goes last, after everything it vouches for is durable.
                // Split like every other write: a filter that lowered MaxPagesPerWrite below the header's size sized its buffer by it.
                long inHeader = 0;
                for (int done = 0; done < content.FinalHeader.Length;)
                {
                    int chunk = Math.Min(maxWrite, content.FinalHeader.Length - done);
                    foreach (var (diskOffset, length) in map.Map(done, chunk))
                    {
                        content.FinalHeader.Span.Slice((int)inHeader, (int)length).CopyTo(staging.Span);
                        WriteOne(diskOffset, Mdl.FromBuffer(staging, (int)length), map.PartitionOffset);
                        inHeader += length;
                        writes++;
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
            return new DumpWriteResult(true, null, written, writes, clock.Elapsed, port.Statistics);
        }
        catch (DumpFailedException failure)
        {
            progress.Complete();
            return new DumpWriteResult(false, failure.Message, written, writes, clock.Elapsed, port.Statistics);
        }
    }

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

    private void WriteOne(long diskOffset, Mdl data, long partitionOffset)
    {
        var (filtered, relative) = filters.Write(diskOffset - partitionOffset, data);
        var status = Call(() => port.Write(partitionOffset + relative, filtered), "Write");
        if (!status.IsSuccess)
        {
            throw new DumpFailedException(port.LastError ?? $"{portName}: Write at disk offset 0x{partitionOffset + relative:X} failed with {status}");
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

    /// <summary>Whether memory pieces are reachable before the dump starts (a clear error instead of a device fault).</summary>
    public static void CheckMapped(IDumpContent content, IPhysicalMemory memory)
    {
        foreach (var piece in content.Pieces().Where(p => p.IsMemory))
        {
            if (!memory.IsAccessible(piece.PhysicalAddress, (ulong)piece.Length, forWrite: false))
            {
                throw new DumpFailedException($"crashdmp: memory 0x{piece.PhysicalAddress:X} + 0x{piece.Length:X} is not mapped");
            }
        }
    }
}
