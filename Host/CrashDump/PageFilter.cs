namespace DumpFramework.Host.CrashDump;

/// <summary>Decides whether a page goes into a bitmap dump, given its content.</summary>
/// <param name="pageFrameNumber">The page's PFN.</param>
/// <param name="page">The page's 4 KiB of content.</param>
/// <returns><see langword="true"/> to store the page.</returns>
internal delegate bool PageFilter(ulong pageFrameNumber, ReadOnlySpan<byte> page);
