namespace DumpFramework.Host.CrashDump;

/// <summary>A piece of a dump file range that lies contiguously on disk.</summary>
/// <param name="FileOffset">Offset in the dump file.</param>
/// <param name="DiskOffset">Byte offset on the disk.</param>
/// <param name="Length">Length in bytes.</param>
internal readonly record struct DiskPiece(long FileOffset, long DiskOffset, long Length);
