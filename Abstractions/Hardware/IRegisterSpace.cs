namespace DumpFramework.Abstractions.Hardware;

/// <summary>
/// One register window of a device (a PCI BAR, I/O or memory mapped), as a miniport reaches it through
/// ScsiPortRead/WritePortUlong, StorPortRead/WriteRegisterUlong or AtaPortRead/WritePortUchar. Reads may have side
/// effects (popping a FIFO, clearing an interrupt), exactly as on the hardware.
/// </summary>
public interface IRegisterSpace
{
    /// <summary>A short name, e.g. <c>BAR0 (I/O)</c>.</summary>
    string Name { get; }

    /// <summary>The window's length in bytes.</summary>
    int Length { get; }

    /// <summary>Whether the window is memory mapped (<see langword="false"/> for I/O ports).</summary>
    bool IsMemoryMapped { get; }

    /// <summary>Reads an 8-bit register.</summary>
    /// <param name="offset">Byte offset in the window.</param>
    /// <returns>The value; unimplemented registers read as the device's float value.</returns>
    byte Read8(int offset);

    /// <summary>Reads a 16-bit register (little-endian).</summary>
    /// <param name="offset">Byte offset in the window.</param>
    /// <returns>The value.</returns>
    ushort Read16(int offset);

    /// <summary>Reads a 32-bit register (little-endian).</summary>
    /// <param name="offset">Byte offset in the window.</param>
    /// <returns>The value.</returns>
    uint Read32(int offset);

    /// <summary>Writes an 8-bit register.</summary>
    /// <param name="offset">Byte offset in the window.</param>
    /// <param name="value">The value.</param>
    void Write8(int offset, byte value);

    /// <summary>Writes a 16-bit register (little-endian).</summary>
    /// <param name="offset">Byte offset in the window.</param>
    /// <param name="value">The value.</param>
    void Write16(int offset, ushort value);

    /// <summary>Writes a 32-bit register (little-endian).</summary>
    /// <param name="offset">Byte offset in the window.</param>
    /// <param name="value">The value.</param>
    void Write32(int offset, uint value);
}
