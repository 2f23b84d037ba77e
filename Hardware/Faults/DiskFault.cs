namespace DumpFramework.Hardware.Faults;

/// <summary>
/// One injected disk fault: which commands it hits (those touching an LBA range, or the Nth command the disk
/// receives) and for how many consecutive hits. Exactly one of <see cref="Lbas"/> and <see cref="CommandNumber"/> is set.
/// </summary>
/// <param name="Kind">What the fault does.</param>
/// <param name="Count">How many commands it hits (1 or more).</param>
public sealed record DiskFault(DiskFaultKind Kind, int Count = 1)
{
    /// <summary>The inclusive LBA range (logical blocks) a read, write or verify must touch to be hit.</summary>
    public (long First, long Last)? Lbas { get; init; }

    /// <summary>The 1-based number of the first command hit, counting every command the disk receives.</summary>
    public long? CommandNumber { get; init; }

    /// <summary>Whether the fault is declared consistently.</summary>
    /// <returns><see langword="null"/> when it is, otherwise why not.</returns>
    public string? Check() => (Lbas, CommandNumber) switch
    {
        _ when Count < 1 => "'count' must be 1 or more",
        (null, null) or (not null, not null) => "a fault names either 'lba' or 'command'",
        ({ } range, _) when range.First < 0 || range.Last < range.First => "'lba' must be FIRST-LAST with 0 <= FIRST <= LAST",
        (_, { } number) when number < 1 => "'command' is 1-based: 1 or more",
        _ => null,
    };
}
