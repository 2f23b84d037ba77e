namespace DumpFramework.Host.CrashDump;

/// <summary>Signature words of the 64-bit crash dump, as little-endian u32 values (the ASCII text is what the file shows).</summary>
internal static class DumpSignatures
{
    /// <summary>'PAGE': DUMP_HEADER64.Signature and the fill pattern of every unwritten header slot.</summary>
    public const uint Page = 0x45474150;

    /// <summary>'DU64': DUMP_HEADER64.ValidDump of a finished 64-bit dump.</summary>
    public const uint ValidDump64 = 0x34365544;

    /// <summary>'DUMP': ValidDump of the bitmap header (and of 32-bit dumps at offset 4).</summary>
    public const uint Dump = 0x504D5544;

    /// <summary>'FDMP': bitmap header signature of DumpType 5.</summary>
    public const uint FullBitmap = 0x504D4446;

    /// <summary>'SDMP': bitmap header signature of DumpType 6.</summary>
    public const uint KernelBitmap = 0x504D4453;

    /// <summary>
    /// ValidDump of a header written before the body is complete: the 'PAGE' fill left in place, i.e. "never written".
    /// Every reader (and SMSS on the next boot) requires 'DU64' there, so an interrupted dump is never taken for a valid one.
    /// </summary>
    public const uint IncompleteValidDump = Page;
}
