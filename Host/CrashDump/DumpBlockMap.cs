namespace DumpFramework.Host.CrashDump;

/// <summary>
/// The dump file's block map: its disk extents in file order, like the pagefile's retrieval pointers captured at boot.
/// The crash path writes the dump "directly to the sectors of the paging file", so every dump file offset is mapped
/// through this map; file offset 0 is the first byte of the first extent.
/// </summary>
internal sealed class DumpBlockMap
{
    private readonly DiskExtent[] _extents;
    private readonly long[] _fileStarts;

    /// <summary>Creates a map from extents in file order.</summary>
    /// <param name="extents">The extents; in file order, not necessarily ascending on disk.</param>
    /// <param name="sectorSize">The disk's logical block size, a power of two.</param>
    /// <param name="diskLength">The disk's size in bytes.</param>
    /// <exception cref="ArgumentException">An extent is empty, unaligned, outside the disk or overlaps another.</exception>
    public DumpBlockMap(IReadOnlyList<DiskExtent> extents, int sectorSize, long diskLength)
    {
        ArgumentNullException.ThrowIfNull(extents);
        if (sectorSize <= 0 || (sectorSize & (sectorSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sectorSize), sectorSize, "The sector size must be a positive power of two.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(diskLength);
        if (extents.Count == 0)
        {
            throw new ArgumentException("The dump file's block map has no extents.", nameof(extents));
        }

        SectorSize = sectorSize;
        _extents = [.. extents];
        _fileStarts = new long[_extents.Length];
        long capacity = 0;
        for (int i = 0; i < _extents.Length; i++)
        {
            var extent = _extents[i];
            string name = $"Extent {i} (disk offset 0x{extent.DiskOffset:X}, length 0x{extent.Length:X})";
            if (extent.Length <= 0 || extent.DiskOffset < 0)
            {
                throw new ArgumentException($"{name} is empty or negative.", nameof(extents));
            }

            if (extent.DiskOffset % sectorSize != 0 || extent.Length % sectorSize != 0)
            {
                throw new ArgumentException($"{name} is not aligned to the {sectorSize}-byte sector.", nameof(extents));
            }

            if (extent.Length > diskLength || extent.DiskOffset > diskLength - extent.Length)
            {
                throw new ArgumentException($"{name} ends past the disk's 0x{diskLength:X} bytes.", nameof(extents));
            }

            _fileStarts[i] = capacity;
            capacity += extent.Length;
        }

        EnsureNoOverlap(_extents);
        Capacity = capacity;
    }

    /// <summary>Bytes of dump file the extents hold.</summary>
    public long Capacity { get; }

    /// <summary>The disk's sector size.</summary>
    public int SectorSize { get; }

    /// <summary>The extents, in file order.</summary>
    public IReadOnlyList<DiskExtent> Extents => _extents;

    /// <summary>Maps a range of the dump file to disk pieces, split where extents end.</summary>
    /// <param name="fileOffset">Start in the dump file, sector aligned.</param>
    /// <param name="length">Length, a whole number of sectors.</param>
    /// <returns>The disk pieces, in file order.</returns>
    /// <exception cref="ArgumentException">The range is unaligned or reaches past <see cref="Capacity"/>.</exception>
    public IEnumerable<DiskPiece> Map(long fileOffset, long length)
    {
        if (fileOffset < 0 || length < 0 || fileOffset % SectorSize != 0 || length % SectorSize != 0)
        {
            throw new ArgumentException($"File range 0x{fileOffset:X}+0x{length:X} is not a whole number of {SectorSize}-byte sectors.", nameof(fileOffset));
        }

        if (fileOffset > Capacity - length)
        {
            throw new ArgumentException($"File range 0x{fileOffset:X}+0x{length:X} reaches past the dump file's 0x{Capacity:X} bytes.", nameof(length));
        }

        return MapChecked(fileOffset, length);
    }

    private static void EnsureNoOverlap(DiskExtent[] extents)
    {
        var order = new int[extents.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => extents[a].DiskOffset.CompareTo(extents[b].DiskOffset));
        for (int i = 1; i < order.Length; i++)
        {
            var previous = extents[order[i - 1]];
            var current = extents[order[i]];
            if (current.DiskOffset < previous.End)
            {
                throw new ArgumentException(
                    $"Extent {order[i]} (disk offset 0x{current.DiskOffset:X}, length 0x{current.Length:X}) overlaps extent {order[i - 1]} (disk offset 0x{previous.DiskOffset:X}, length 0x{previous.Length:X}).",
                    nameof(extents));
            }
        }
    }

    private IEnumerable<DiskPiece> MapChecked(long fileOffset, long length)
    {
        int index = Array.BinarySearch(_fileStarts, fileOffset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        long remaining = length;
        long position = fileOffset;
        while (remaining > 0)
        {
            var extent = _extents[index];
            long within = position - _fileStarts[index];
            long take = Math.Min(remaining, extent.Length - within);
            yield return new DiskPiece(position, extent.DiskOffset + within, take);
            position += take;
            remaining -= take;
            index++;
        }
    }
}
