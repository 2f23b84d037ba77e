using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Pvscsi;

/// <summary>
/// BAR0 of the PVSCSI function: 32 KiB of MMIO. The registers are 32 bits wide; a narrower read returns bytes of
/// the dword (with the dword read's side effects), a narrower write is dropped, as the device only decodes dword
/// writes.
/// </summary>
internal sealed class PvscsiRegisterSpace : IRegisterSpace
{
    private readonly PvscsiController _controller;

    /// <summary>Creates the window of a controller.</summary>
    /// <param name="controller">The device behind it.</param>
    public PvscsiRegisterSpace(PvscsiController controller) => _controller = controller;

    /// <inheritdoc />
    public string Name => "BAR0 (MMIO)";

    /// <inheritdoc />
    public int Length => PvscsiRegisters.BarLength;

    /// <inheritdoc />
    public bool IsMemoryMapped => true;

    /// <inheritdoc />
    public byte Read8(int offset) => (byte)(ReadDword(offset & ~3) >> ((offset & 3) * 8));

    /// <inheritdoc />
    public ushort Read16(int offset) => (offset & 1) != 0 ? (ushort)0 : (ushort)(ReadDword(offset & ~3) >> ((offset & 2) * 8));

    /// <inheritdoc />
    public uint Read32(int offset) => (offset & 3) != 0 ? 0 : ReadDword(offset);

    /// <inheritdoc />
    public void Write8(int offset, byte value)
    {
        // Byte writes are not decoded by the device.
    }

    /// <inheritdoc />
    public void Write16(int offset, ushort value)
    {
        // Word writes are not decoded by the device.
    }

    /// <inheritdoc />
    public void Write32(int offset, uint value)
    {
        if ((offset & 3) == 0 && offset >= 0 && offset < PvscsiRegisters.BarLength)
        {
            _controller.WriteRegister(offset, value);
        }
    }

    private uint ReadDword(int offset) => offset >= 0 && offset < PvscsiRegisters.BarLength ? _controller.ReadRegister(offset) : 0;
}
