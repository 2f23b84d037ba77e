using System.Buffers.Binary;
using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>
/// A LiME (Linux Memory Extractor) capture: a sequence of 32-byte range headers, each followed by the bytes of that
/// physical range. The file is read with positional I/O (never mapped, so the resident set does not grow with it); only
/// the headers are parsed at open.
/// </summary>
/// <remarks>Header layout (little-endian): u32 magic 0x4C694D45 ("EMiL"), u32 version 1, u64 start address,
/// u64 end address (inclusive), 8 reserved bytes.</remarks>
public sealed class LimeMemoryImage : IMemorySource
{
    /// <summary>The header magic.</summary>
    public const uint Magic = 0x4C694D45;

    /// <summary>The only header version defined.</summary>
    public const uint Version = 1;

    /// <summary>The size of one range header.</summary>
    public const int HeaderSize = 32;

    private const int CopyChunk = 1 << 20;

    private readonly MemoryImageStream _view;
    private readonly PhysicalRange[] _runs;
    private readonly ulong[] _bases;
    private readonly long[] _fileOffsets;

    /// <summary>Opens and parses a LiME file (read with positional I/O, never mapped).</summary>
    /// <param name="path">The LiME file.</param>
    /// <param name="writable">Whether DMA writes into the memory reach the file (read-only by default).</param>
    /// <exception cref="FormatException">A header is malformed, a range is truncated or ranges are out of order;
    /// the message gives the byte offset.</exception>
    public LimeMemoryImage(string path, bool writable = false)
    {
        _view = MemoryImageStream.Open(path, writable);
        try
        {
            (_runs, _fileOffsets) = Parse(_view, path);
        }
        catch
        {
            _view.Dispose();
            throw;
        }

        _bases = Array.ConvertAll(_runs, run => run.BaseAddress);
        Ranges = Array.AsReadOnly(_runs);
        Path = path;
        ulong total = 0;
        foreach (var run in _runs)
        {
            total += run.Length;
        }

        Description = $"LiME image '{System.IO.Path.GetFileName(path)}', {_runs.Length} range(s), {MemoryRuns.FormatSize(total)}";
    }

    /// <summary>The LiME file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public IReadOnlyList<PhysicalRange> Ranges { get; }

    /// <inheritdoc />
    public bool IsWritable => _view.IsWritable;

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Writes a LiME file holding every run of <paramref name="source"/>, streaming a chunk at a time.</summary>
    /// <param name="source">The memory to capture.</param>
    /// <param name="path">The file to create (overwritten if present).</param>
    /// <exception cref="IOException">The source failed to read a byte inside its own runs, or the file failed.</exception>
    public static void WriteFrom(IMemorySource source, string path)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        var buffer = new byte[CopyChunk];
        Span<byte> header = stackalloc byte[HeaderSize];
        foreach (var run in source.Ranges)
        {
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Version);
            BinaryPrimitives.WriteUInt64LittleEndian(header[8..], run.BaseAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(header[16..], run.EndAddress - 1);
            file.Write(header);
            for (ulong done = 0; done < run.Length;)
            {
                int take = (int)Math.Min((ulong)buffer.Length, run.Length - done);
                var chunk = buffer.AsSpan(0, take);
                if (!source.TryRead(run.BaseAddress + done, chunk))
                {
                    throw new IOException($"{source.Description} failed to read 0x{take:X} bytes at 0x{run.BaseAddress + done:X}, inside its own run.");
                }

                file.Write(chunk);
                done += (ulong)take;
            }
        }

        file.Flush(flushToDisk: false);
    }

    /// <inheritdoc />
    public bool TryRead(ulong address, Span<byte> destination)
    {
        ulong cursor = address;
        int done = 0;
        int index = MemoryRuns.Find(_bases, _runs, address);
        while (done < destination.Length)
        {
            if (index < 0 || index >= _runs.Length || cursor < _runs[index].BaseAddress || cursor - _runs[index].BaseAddress >= _runs[index].Length)
            {
                return false;
            }

            var run = _runs[index];
            ulong offsetInRun = cursor - run.BaseAddress;
            int take = (int)Math.Min((ulong)(destination.Length - done), run.Length - offsetInRun);
            _view.Read(_fileOffsets[index] + (long)offsetInRun, destination.Slice(done, take));
            done += take;
            cursor += (ulong)take;
            index++;
        }

        return true;
    }

    /// <inheritdoc />
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (!IsWritable || !IsMapped(address, source.Length))
        {
            return false;
        }

        ulong cursor = address;
        int done = 0;
        int index = MemoryRuns.Find(_bases, _runs, address);
        while (done < source.Length)
        {
            var run = _runs[index];
            ulong offsetInRun = cursor - run.BaseAddress;
            int take = (int)Math.Min((ulong)(source.Length - done), run.Length - offsetInRun);
            _view.Write(_fileOffsets[index] + (long)offsetInRun, source.Slice(done, take));
            done += take;
            cursor += (ulong)take;
            index++;
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _view.Dispose();

    private bool IsMapped(ulong address, int length)
    {
        ulong cursor = address;
        ulong end = address + (ulong)length;
        if (end < address)
        {
            return false;
        }

        int index = MemoryRuns.Find(_bases, _runs, address);
        while (cursor < end)
        {
            if (index < 0 || index >= _runs.Length || cursor < _runs[index].BaseAddress || cursor - _runs[index].BaseAddress >= _runs[index].Length)
            {
                return false;
            }

            cursor = Math.Min(end, _runs[index].EndAddress);
            index++;
        }

        return true;
    }

    private static (PhysicalRange[] Runs, long[] Offsets) Parse(MemoryImageStream view, string path)
    {
        var runs = new List<PhysicalRange>();
        var offsets = new List<long>();
        Span<byte> header = stackalloc byte[HeaderSize];
        long offset = 0;
        while (offset < view.Length)
        {
            if (view.Length - offset < HeaderSize)
            {
                throw new FormatException($"'{path}': truncated LiME header at byte offset {offset} (only {view.Length - offset} bytes left, a header is {HeaderSize}).");
            }

            view.Read(offset, header);
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (magic != Magic)
            {
                throw new FormatException($"'{path}': bad LiME magic 0x{magic:X8} at byte offset {offset} (expected 0x{Magic:X8}).");
            }

            uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (version != Version)
            {
                throw new FormatException($"'{path}': unsupported LiME version {version} at byte offset {offset} (expected {Version}).");
            }

            ulong start = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
            ulong endInclusive = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
            if (endInclusive < start || endInclusive - start == ulong.MaxValue)
            {
                throw new FormatException($"'{path}': LiME range at byte offset {offset} has end 0x{endInclusive:X} below start 0x{start:X}.");
            }

            ulong length = endInclusive - start + 1;
            if (runs.Count > 0 && start < runs[^1].EndAddress)
            {
                throw new FormatException(
                    $"'{path}': LiME range 0x{start:X}-0x{endInclusive:X} at byte offset {offset} overlaps or precedes the previous range ending at 0x{runs[^1].EndAddress - 1:X}; ranges must be ascending.");
            }

            long dataOffset = offset + HeaderSize;
            if (length > (ulong)(view.Length - dataOffset))
            {
                throw new FormatException(
                    $"'{path}': LiME range 0x{start:X}-0x{endInclusive:X} at byte offset {offset} is truncated: it needs {length} bytes, the file has {view.Length - dataOffset} left.");
            }

            runs.Add(new PhysicalRange(start, length));
            offsets.Add(dataOffset);
            offset = dataOffset + (long)length;
        }

        return ([.. runs], [.. offsets]);
    }
}
