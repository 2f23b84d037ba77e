using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.LsiSas;

/// <summary>
/// One BAR of the SAS1068: the I/O BAR and the memory BAR decode the same system interface registers. The chip
/// only decodes 32-bit accesses; narrower accesses float (reads all ones, writes dropped).
/// </summary>
internal sealed class Sas1068RegisterWindow(Sas1068Controller controller, string name, int length, bool isMemoryMapped) : IRegisterSpace
{
    public string Name => name;

    public int Length => length;

    public bool IsMemoryMapped => isMemoryMapped;

    public byte Read8(int offset) => 0xFF;

    public ushort Read16(int offset) => 0xFFFF;

    public uint Read32(int offset) => IsDecoded(offset) ? controller.ReadRegister(offset) : 0xFFFF_FFFF;

    public void Write8(int offset, byte value)
    {
        // Byte writes are not decoded by the system interface.
    }

    public void Write16(int offset, ushort value)
    {
        // Word writes are not decoded by the system interface.
    }

    public void Write32(int offset, uint value)
    {
        if (IsDecoded(offset))
        {
            controller.WriteRegister(offset, value);
        }
    }

    private bool IsDecoded(int offset) => offset >= 0 && offset <= length - 4 && (offset & 3) == 0;
}
