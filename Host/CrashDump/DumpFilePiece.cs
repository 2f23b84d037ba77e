namespace DumpFramework.Host.CrashDump;

/// <summary>A contiguous piece of the dump file.</summary>
/// <param name="Kind">What it holds.</param>
/// <param name="FileOffset">Where it starts in the dump file.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="PhysicalAddress">For <see cref="DumpFilePieceKind.PageData"/>: the physical address of its first byte; otherwise 0.</param>
internal readonly record struct DumpFilePiece(DumpFilePieceKind Kind, long FileOffset, long Length, ulong PhysicalAddress);
