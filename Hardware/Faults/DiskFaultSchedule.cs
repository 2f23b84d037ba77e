namespace DumpFramework.Hardware.Faults;

/// <summary>
/// A disk's injected faults as it meets them: counts the commands the disk receives and decides, per command,
/// which fault (if any) hits it. Each fault hits <see cref="DiskFault.Count"/> consecutive eligible commands (from
/// the Nth command on, or the first ones touching its LBA range), then is spent. Faults are checked in manifest
/// order; the first that hits wins.
/// </summary>
public sealed class DiskFaultSchedule
{
    private readonly DiskFault[] _faults;
    private readonly int[] _remaining;
    private long _commands;

    /// <summary>Arms the faults.</summary>
    /// <param name="faults">The faults, in manifest order.</param>
    /// <exception cref="ArgumentException">A fault is declared inconsistently.</exception>
    public DiskFaultSchedule(IReadOnlyList<DiskFault>? faults)
    {
        _faults = [.. faults ?? []];
        foreach (var fault in _faults)
        {
            if (fault.Check() is { } problem)
            {
                throw new ArgumentException(problem, nameof(faults));
            }
        }

        _remaining = [.. _faults.Select(f => f.Count)];
    }

    /// <summary>No fault at all.</summary>
    public static DiskFaultSchedule None { get; } = new([]);

    /// <summary>Commands counted so far.</summary>
    public long Commands => _commands;

    /// <summary>Counts one command the disk received (every command counts, whether or not a fault may hit it).</summary>
    public void CountCommand() => _commands++;

    /// <summary>The fault that hits the command counted last, which it spends.</summary>
    /// <param name="blocks">The LBA range the command touches (first, count), or <see langword="null"/> for a command
    /// without one (only command-numbered faults can hit it).</param>
    /// <param name="faultLba">The LBA the fault names: the first block of the command inside the fault's range, or
    /// the command's first block (<c>-1</c> when it has none).</param>
    /// <returns>The fault, or <see langword="null"/>.</returns>
    public DiskFault? Take((long First, long Count)? blocks, out long faultLba)
    {
        long number = _commands;
        faultLba = blocks?.First ?? -1;
        for (int index = 0; index < _faults.Length; index++)
        {
            var fault = _faults[index];
            if (_remaining[index] == 0)
            {
                continue;
            }

            if (fault.CommandNumber is { } first)
            {
                if (number >= first)
                {
                    _remaining[index]--;
                    return fault;
                }

                continue;
            }

            if (fault.Lbas is { } range && blocks is { Count: > 0 } touched
                && touched.First <= range.Last && touched.First + touched.Count - 1 >= range.First)
            {
                _remaining[index]--;
                faultLba = Math.Max(touched.First, range.First);
                return fault;
            }
        }

        return null;
    }
}
