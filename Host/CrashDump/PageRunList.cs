using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Host.CrashDump;

/// <summary>Turns memory ranges into the page runs a dump describes.</summary>
internal static class PageRunList
{
    /// <summary>Page size of AMD64 dumps.</summary>
    public const int PageSize = 0x1000;

    /// <summary>
    /// Converts ranges to page runs: sorted ascending, touching ranges merged (lossless, and it keeps the run count
    /// under the 42-run limit where possible). Ranges must be page aligned, non-empty and must not overlap.
    /// </summary>
    /// <param name="ranges">The machine's memory ranges, in any order.</param>
    /// <returns>The runs, ascending.</returns>
    /// <exception cref="ArgumentException">A range is empty, unaligned or overlaps another, or there are no ranges.</exception>
    public static PageRun[] FromRanges(IReadOnlyList<PhysicalRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0)
        {
            throw new ArgumentException("A crash dump needs at least one memory range.", nameof(ranges));
        }

        var sorted = new PhysicalRange[ranges.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            var range = ranges[i];
            if (range.Length == 0 || range.BaseAddress % PageSize != 0 || range.Length % PageSize != 0)
            {
                throw new ArgumentException(
                    $"Memory range {i} (base 0x{range.BaseAddress:X}, length 0x{range.Length:X}) is not a non-empty, 4 KiB-aligned range of whole pages.",
                    nameof(ranges));
            }

            if (range.BaseAddress + range.Length < range.BaseAddress)
            {
                throw new ArgumentException($"Memory range {i} (base 0x{range.BaseAddress:X}, length 0x{range.Length:X}) wraps around the address space.", nameof(ranges));
            }

            sorted[i] = range;
        }

        Array.Sort(sorted, static (a, b) => a.BaseAddress.CompareTo(b.BaseAddress));
        var runs = new List<PageRun>(sorted.Length);
        foreach (var range in sorted)
        {
            var run = new PageRun(range.BaseAddress / PageSize, range.Length / PageSize);
            if (runs.Count > 0)
            {
                var last = runs[^1];
                if (run.BasePage < last.EndPage)
                {
                    throw new ArgumentException(
                        $"Memory range at 0x{range.BaseAddress:X} (length 0x{range.Length:X}) overlaps the range ending at 0x{last.EndPage * PageSize:X}.",
                        nameof(ranges));
                }

                if (run.BasePage == last.EndPage)
                {
                    runs[^1] = last with { PageCount = last.PageCount + run.PageCount };
                    continue;
                }
            }

            runs.Add(run);
        }

        return [.. runs];
    }
}
