namespace DumpFramework.Host.CrashDump;

/// <summary>Absolute file offsets of the bitmap dump header of DumpType 5/6 (dump-format reference §4.1).</summary>
internal static class BitmapDumpOffsets
{
    public const int Signature = 0x2000;
    public const int ValidDump = 0x2004;

    /// <summary>0x2008..0x201F: meaning unknown; written as zeros.</summary>
    public const int Unknown = 0x2008;

    /// <summary>Absolute file offset of the first page (HeaderSize / FirstPage).</summary>
    public const int FirstPage = 0x2020;

    /// <summary>Number of pages stored = set bits (Pages / TotalPresentPages).</summary>
    public const int TotalPresentPages = 0x2028;

    /// <summary>Number of bits in the bitmap (BitmapSize / Pages).</summary>
    public const int BitmapSize = 0x2030;
    public const int Bitmap = 0x2038;
}
