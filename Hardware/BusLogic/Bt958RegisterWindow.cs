using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.BusLogic;

/// <summary>
/// BAR0 of the BT-958: the I/O window. The host adapter decodes byte accesses to four ports, mirrored through the
/// 32-byte BAR; a wider access reaches only its first byte (the rest reads as the mirror's next ports would not:
/// drivers use byte I/O, as Linux's inb/outb and ScsiPortRead/WritePortUchar do).
/// </summary>
internal sealed class Bt958IoWindow : IRegisterSpace
{
    private readonly Bt958Controller _controller;

    /// <summary>Creates the window of a controller.</summary>
    /// <param name="controller">The device behind it.</param>
    public Bt958IoWindow(Bt958Controller controller) => _controller = controller;

    /// <inheritdoc />
    public string Name => "BAR0 (I/O ports)";

    /// <inheritdoc />
    public int Length => BusLogicRegisters.IoBarLength;

    /// <inheritdoc />
    public bool IsMemoryMapped => false;

    /// <inheritdoc />
    public byte Read8(int offset) => Inside(offset) ? _controller.ReadRegister(offset & 3) : (byte)0xFF;

    /// <inheritdoc />
    public ushort Read16(int offset) => (ushort)(0xFF00 | Read8(offset));

    /// <inheritdoc />
    public uint Read32(int offset) => 0xFFFF_FF00 | Read8(offset);

    /// <inheritdoc />
    public void Write8(int offset, byte value)
    {
        if (Inside(offset))
        {
            _controller.WriteRegister(offset & 3, value);
        }
    }

    /// <inheritdoc />
    public void Write16(int offset, ushort value) => Write8(offset, (byte)value);

    /// <inheritdoc />
    public void Write32(int offset, uint value) => Write8(offset, (byte)value);

    private static bool Inside(int offset) => offset >= 0 && offset < BusLogicRegisters.IoBarLength;
}

/// <summary>
/// BAR1 of the BT-958: 32 bytes of memory space with nothing a driver uses behind it (VirtualBox answers reads with
/// all ones and drops writes; Linux requires the BAR to be memory and never touches it).
/// </summary>
internal sealed class Bt958MemoryWindow : IRegisterSpace
{
    /// <inheritdoc />
    public string Name => "BAR1 (MMIO, unused)";

    /// <inheritdoc />
    public int Length => BusLogicRegisters.MemoryBarLength;

    /// <inheritdoc />
    public bool IsMemoryMapped => true;

    /// <inheritdoc />
    public byte Read8(int offset) => 0xFF;

    /// <inheritdoc />
    public ushort Read16(int offset) => 0xFFFF;

    /// <inheritdoc />
    public uint Read32(int offset) => 0xFFFF_FFFF;

    /// <inheritdoc />
    public void Write8(int offset, byte value)
    {
        // Nothing decodes memory-space writes.
    }

    /// <inheritdoc />
    public void Write16(int offset, ushort value)
    {
        // Nothing decodes memory-space writes.
    }

    /// <inheritdoc />
    public void Write32(int offset, uint value)
    {
        // Nothing decodes memory-space writes.
    }
}
