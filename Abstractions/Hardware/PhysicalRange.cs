namespace DumpFramework.Abstractions.Hardware;

/// <summary>A range of physical addresses, such as one run of the dumped machine's memory.</summary>
/// <param name="BaseAddress">First byte's physical address.</param>
/// <param name="Length">Length in bytes.</param>
public readonly record struct PhysicalRange(ulong BaseAddress, ulong Length)
{
    /// <summary>One past the last byte's address.</summary>
    public ulong EndAddress => BaseAddress + Length;

    /// <summary>Whether <paramref name="address"/> .. <paramref name="address"/> + <paramref name="length"/> lies inside this range.</summary>
    /// <param name="address">Start address.</param>
    /// <param name="length">Length in bytes.</param>
    /// <returns><see langword="true"/> when wholly contained.</returns>
    public bool Contains(ulong address, ulong length) => address >= BaseAddress && length <= Length && address - BaseAddress <= Length - length;
}
