using System.Buffers.Binary;

namespace DumpFramework.Hardware.Tests.LsiSas.TestSupport;

/// <summary>Test harness only: one reply as the host decoded it (a turbo context, or a copy of an address reply frame).</summary>
internal sealed record MpiReply(uint Context, byte[]? Frame, ulong FrameAddress)
{
    public bool IsTurbo => Frame is null;

    public byte Function => Frame![3];

    public byte MsgLength => Frame![2];

    public byte ScsiStatus => Frame![0x0C];

    public byte ScsiState => Frame![0x0D];

    public ushort IocStatus => Frame is null ? (ushort)0 : BinaryPrimitives.ReadUInt16LittleEndian(Frame.AsSpan(0x0E));

    public uint TransferCount => BinaryPrimitives.ReadUInt32LittleEndian(Frame.AsSpan(0x14));

    public uint SenseCount => BinaryPrimitives.ReadUInt32LittleEndian(Frame.AsSpan(0x18));

    public uint Dword(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Frame.AsSpan(offset));
}
