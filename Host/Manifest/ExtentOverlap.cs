namespace DumpFramework.Host.Manifest;

/// <summary>
/// Finds two extents of a block map that share a byte, in O(n log n): sorted by offset, an extent can only overlap
/// its predecessor's range if any, so one sweep over neighbours suffices (a fragmented pagefile maps to many
/// thousands of extents; comparing every pair took a minute at 100,000).
/// </summary>
internal static class ExtentOverlap
{
    /// <summary>The first overlapping pair in offset order, as indexes into <paramref name="extents"/> (the earlier-listed
    /// one first), or <see langword="null"/>.</summary>
    /// <param name="extents">Extents with non-negative offsets and positive lengths.</param>
    /// <returns>The pair, or null when no two extents overlap.</returns>
    public static (int First, int Second)? Find(IReadOnlyList<(long Offset, long Length)> extents) => Find(extents, Comparer<long>.Default);

    /// <summary><see cref="Find(IReadOnlyList{ValueTuple{long, long}})"/> with every comparison of two positions made
    /// through <paramref name="positions"/>, so a test can count them.</summary>
    /// <param name="extents">Extents with non-negative offsets and positive lengths.</param>
    /// <param name="positions">Compares offsets and lengths.</param>
    /// <returns>The pair, or null when no two extents overlap.</returns>
    public static (int First, int Second)? Find(IReadOnlyList<(long Offset, long Length)> extents, IComparer<long> positions)
    {
        var order = new int[extents.Count];
        for (int index = 0; index < order.Length; index++)
        {
            order[index] = index;
        }

        // Ties broken by index, so the same list always reports the same pair.
        Array.Sort(order, (left, right) =>
        {
            int byOffset = positions.Compare(extents[left].Offset, extents[right].Offset);
            return byOffset != 0 ? byOffset : left.CompareTo(right);
        });

        // Without an overlap so far, each extent ends before the next one in offset order starts, so the previous
        // extent is the only one the current one can reach back into.
        int previous = -1;
        foreach (int current in order)
        {
            if (previous >= 0)
            {
                var (offset, length) = extents[previous];

                // Compared by subtraction (the offsets are sorted, so the difference is non-negative): an extent ending
                // near long.MaxValue must not wrap around.
                if (positions.Compare(extents[current].Offset - offset, length) < 0)
                {
                    return (Math.Min(previous, current), Math.Max(previous, current));
                }
            }

            previous = current;
        }

        return null;
    }
}
