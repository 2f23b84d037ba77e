namespace DumpFramework.Abstractions.Port;

/// <summary>What the dump port learned about the dump disk when it opened it (INQUIRY, READ CAPACITY or IDENTIFY).</summary>
/// <param name="Vendor">Vendor identification (trimmed).</param>
/// <param name="Product">Product identification (trimmed).</param>
/// <param name="Revision">Product revision (trimmed).</param>
/// <param name="BlockCount">Number of logical blocks.</param>
/// <param name="BlockSize">Logical block size in bytes.</param>
public sealed record DumpTargetInfo(string Vendor, string Product, string Revision, long BlockCount, int BlockSize)
{
    /// <summary>Capacity in bytes.</summary>
    public long Capacity => BlockCount * BlockSize;
}
