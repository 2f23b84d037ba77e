using System.Diagnostics;
using DumpFramework.Abstractions.Hardware;
using DumpFramework.Abstractions.Port;
using DumpFramework.Hardware.Memory;

namespace DumpFramework.Host.Dump;

/// <summary>
/// Reads a dump back through the same stack: the port reads each piece into a DMA staging buffer, the filters'
/// DumpRead run in reverse order (decrypting, for dumpfve), and the bytes go to the output stream.
/// </summary>
internal sealed class DumpReader(IDumpPort port, FilterChain filters, DmaBuffer staging, IProgressSink progress, string portName = "dump port", CancellationToken cancel = default)
{
    public DumpReadResult Read(DumpTarget target, long length, Stream output)
    {
        var clock = Stopwatch.StartNew();
        long done = 0;
        try
        {
            var map = target.BlockMap;
            int blockSize = port.Target?.BlockSize ?? throw new DumpFailedException("crashdmp: the port is not open");
            if (length % blockSize != 0 || length > map.Capacity)
            {
                throw new DumpFailedException($"crashdmp: cannot read {length} bytes: not a multiple of the block size {blockSize} or beyond the region ({map.Capacity} bytes)");
            }

            int maxRead = Math.Min(port.MaximumTransferSize, staging.Length) / blockSize * blockSize;
            if (maxRead <= 0)
            {
                // Without this a read of zero bytes per step would never advance.
                throw new DumpFailedException($"crashdmp: no usable read size (port {port.MaximumTransferSize}, block {blockSize})");
            }

            while (done < length)
            {
                int chunk = (int)Math.Min(maxRead, length - done);
                foreach (var (_, diskOffset, count) in map.Map(done, chunk))
                {
                    cancel.ThrowIfInterrupted();
                    var status = Call(() => port.Read(diskOffset, Mdl.FromBuffer(staging, (int)count)));
                    if (!status.IsSuccess)
                    {
                        throw new DumpFailedException(port.LastError ?? $"{portName}: Read at disk offset 0x{diskOffset:X} failed with {status}");
                    }

                    var data = staging.Memory[..(int)count];
                    filters.Read(diskOffset - target.PartitionOffset, data);
                    try
                    {
                        output.Write(data.Span);
                    }
                    catch (IOException failure)
                    {
                        throw new DumpFailedException($"crashdmp: the data read back could not be stored: {failure.Message}", failure);
                    }
                    done += count;
                }

                progress.Progress(done, length);
            }

            progress.Complete();
            return new DumpReadResult(true, null, done, clock.Elapsed);
        }
        catch (DumpFailedException failure)
        {
            progress.Complete();
            return new DumpReadResult(false, failure.Message, done, clock.Elapsed);
        }
        catch (DumpInterruptedException)
        {
            progress.Complete();
            return new DumpReadResult(false, $"interrupted after {done} of {length} bytes", done, clock.Elapsed) { Interrupted = true };
        }
    }

    private Abstractions.NtStatus Call(Func<Abstractions.NtStatus> call)
    {
        try
        {
            return call();
        }
        catch (Exception error)
        {
            throw new DumpFailedException($"{portName}: Read threw {error.GetType().Name}: {error.Message}", error);
        }
    }
}
