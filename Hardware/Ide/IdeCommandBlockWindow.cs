using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Ide;

/// <summary>The command block (0x1F0–0x1F7 style): the data register takes 16- and 32-bit accesses; the other registers
/// are byte wide, and a wider access reaches only the addressed byte (the upper bytes float).</summary>
internal sealed class IdeCommandBlockWindow(IdeChannel channel) : IRegisterSpace
{
    public const int WindowLength = 8;

    public string Name => "BAR0 (I/O, command block)";

    public int Length => WindowLength;

    public bool IsMemoryMapped => false;

    public byte Read8(int offset) => IsDecoded(offset) ? channel.ReadCommandBlock(offset) : (byte)0xFF;

    public ushort Read16(int offset) => offset == IdeCommandRegister.Data ? channel.ReadData16() : (ushort)(0xFF00 | Read8(offset));

    public uint Read32(int offset) => offset == IdeCommandRegister.Data ? channel.ReadData32() : 0xFFFF_FF00 | Read8(offset);

    public void Write8(int offset, byte value)
    {
        if (IsDecoded(offset))
        {
            channel.WriteCommandBlock(offset, value);
        }
    }

    public void Write16(int offset, ushort value)
    {
        if (offset == IdeCommandRegister.Data)
        {
            channel.WriteData16(value);
        }
        else
        {
            Write8(offset, (byte)value);
        }
    }

    public void Write32(int offset, uint value)
    {
        if (offset == IdeCommandRegister.Data)
        {
            channel.WriteData32(value);
        }
        else
        {
            Write8(offset, (byte)value);
        }
    }

    private static bool IsDecoded(int offset) => offset is >= 0 and < WindowLength;
}
