using DumpFramework.Abstractions.Hardware;

namespace DumpFramework.Hardware.Ide;

/// <summary>The primary channel's 8 bytes of the bus-master block (BAR4 + 0): BM Command, BM Status, PRD Table Pointer.</summary>
internal sealed class BusMasterWindow(IdeChannel channel) : IRegisterSpace
{
    public const int WindowLength = 8;

    public string Name => "BAR4 (I/O, bus master, primary channel)";

    public int Length => WindowLength;

    public bool IsMemoryMapped => false;

    public byte Read8(int offset) => IsDecoded(offset, 1) ? channel.ReadBusMaster8(offset) : (byte)0xFF;

    public ushort Read16(int offset) => IsDecoded(offset, 2)
        ? (ushort)(channel.ReadBusMaster8(offset) | (channel.ReadBusMaster8(offset + 1) << 8))
        : (ushort)0xFFFF;

    public uint Read32(int offset) => IsDecoded(offset, 4) ? channel.ReadBusMaster32(offset) : 0xFFFF_FFFF;

    public void Write8(int offset, byte value)
    {
        if (IsDecoded(offset, 1))
        {
            channel.WriteBusMaster8(offset, value);
        }
    }

    public void Write16(int offset, ushort value)
    {
        if (IsDecoded(offset, 2))
        {
            channel.WriteBusMaster8(offset, (byte)value);
            channel.WriteBusMaster8(offset + 1, (byte)(value >> 8));
        }
    }

    public void Write32(int offset, uint value)
    {
        if (IsDecoded(offset, 4))
        {
            channel.WriteBusMaster32(offset, value);
        }
    }

    private static bool IsDecoded(int offset, int width) => offset >= 0 && offset <= WindowLength - width;
}
