using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Memory;

/// <summary>Lookup helpers shared by the memory sources: binary search over ascending, non-overlapping runs.</summary>
internal static class MemoryRuns
{
    /// <summary>The index of the run whose range holds <paramref name="address"/>, or -1.</summary>
    public static int Find(ReadOnlySpan<ulong> bases, ReadOnlySpan<PhysicalRange> ranges, ulong address)
    {
        int index = FindFloor(bases, address);
        return index >= 0 && address - ranges[index].BaseAddress < ranges[index].Length ? index : -1;
    }

    /// <summary>The index of the last base at or below <paramref name="address"/>, or -1.</summary>
    public static int FindFloor(ReadOnlySpan<ulong> bases, ulong address)
    {
        int low = 0;
        int high = bases.Length - 1;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (bases[middle] <= address)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return high;
    }

    /// <summary>Throws unless the runs are non-empty, ascending and non-overlapping.</summary>
    public static void Validate(IReadOnlyList<PhysicalRange> runs, string parameterName)
    {
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            if (run.Length == 0)
            {
                throw new ArgumentException($"Run {i} at 0x{run.BaseAddress:X} is empty.", parameterName);
            }

            if (run.BaseAddress + run.Length < run.BaseAddress)
            {
                throw new ArgumentException($"Run {i} at 0x{run.BaseAddress:X} wraps past the top of the address space.", parameterName);
            }

            if (i > 0 && run.BaseAddress < runs[i - 1].EndAddress)
            {
                throw new ArgumentException(
                    $"Run {i} at 0x{run.BaseAddress:X} is not above the end of run {i - 1} (0x{runs[i - 1].EndAddress:X}): runs must be ascending and non-overlapping.",
                    parameterName);
            }
        }
    }

    /// <summary>Formats a byte count as KiB/MiB/GiB for descriptions.</summary>
    public static string FormatSize(ulong bytes) => bytes switch
    {
        >= 1UL << 40 when bytes % (1UL << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1UL << 30 => $"{bytes / (double)(1UL << 30):0.##} GiB",
        >= 1UL << 20 => $"{bytes / (double)(1UL << 20):0.##} MiB",
        >= 1UL << 10 => $"{bytes / (double)(1UL << 10):0.##} KiB",
        _ => $"{bytes} bytes",
    };
}
