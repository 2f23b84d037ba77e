namespace DumpFramework.Hardware.LsiSas;

/// <summary>MPI 1.x scatter/gather element FlagsLength bits.</summary>
internal static class MpiSge
{
    public const uint LastElement = 0x8000_0000;
    public const uint EndOfBuffer = 0x4000_0000;
    public const uint ElementTypeMask = 0x3000_0000;
    public const uint TransactionElement = 0x0000_0000;
    public const uint SimpleElement = 0x1000_0000;
    public const uint ChainElement = 0x3000_0000;
    public const uint LocalAddress = 0x0800_0000;
    public const uint HostToIoc = 0x0400_0000;
    public const uint Address64 = 0x0200_0000;
    public const uint EndOfList = 0x0100_0000;

    /// <summary>Simple element length, bits 23:0.</summary>
    public const uint SimpleLengthMask = 0x00FF_FFFF;

    /// <summary>Chain element segment length, bits 15:0.</summary>
    public const uint ChainLengthMask = 0x0000_FFFF;

    /// <summary>Chain element NextChainOffset (dwords), bits 23:16.</summary>
    public const int ChainOffsetShift = 16;
}
