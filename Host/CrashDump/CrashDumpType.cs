namespace DumpFramework.Host.CrashDump;

/// <summary>The DUMP_TYPE values (mindumpdef.h) this bench writes and SMSS accepts on the next boot.</summary>
internal enum CrashDumpType : uint
{
    /// <summary>DUMP_TYPE_FULL: run-list dump, every page of every run from file offset 0x2000.</summary>
    Full = 1,

    /// <summary>DUMP_TYPE_BITMAP_FULL: 'FDMP' bitmap dump (complete or active memory).</summary>
    BitmapFull = 5,

    /// <summary>DUMP_TYPE_BITMAP_KERNEL: 'SDMP' bitmap dump (kernel pages only).</summary>
    BitmapKernel = 6,
}
