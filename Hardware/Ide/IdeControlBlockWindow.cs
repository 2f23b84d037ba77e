using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Ide;

/// <summary>The control block (0x3F6 style), one register: reads are Alternate Status (no side effects), writes are
/// Device Control.</summary>
internal sealed class IdeControlBlockWindow(IdeChannel channel) : IRegisterSpace
{
    public const int WindowLength = 1;

    public string Name => "BAR1 (I/O, control block)";

    public int Length => WindowLength;

    public bool IsMemoryMapped => false;

    public byte Read8(int offset) => offset == 0 ? channel.ReadAlternateStatus() : (byte)0xFF;

    public ushort Read16(int offset) => (ushort)(0xFF00 | Read8(offset));

    public uint Read32(int offset) => 0xFFFF_FF00 | Read8(offset);

    public void Write8(int offset, byte value)
    {
        if (offset == 0)
        {
            channel.WriteDeviceControl(value);
        }
    }

    public void Write16(int offset, ushort value) => Write8(offset, (byte)value);

    public void Write32(int offset, uint value) => Write8(offset, (byte)value);
}
